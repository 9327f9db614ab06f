import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor } from '@app/access';
import { ContentsService } from '@app/content';
import {
  ApiAnswers,
  BY_ID,
  ContentPageSchema,
  ContentViewSchema,
  CreateContentDto,
  DEFAULT_PAGE_SIZE,
  JSON_BODY,
  ListContentsQueryDto,
  QUERY,
  SIGNED_IN,
  UpdateContentDto,
} from '@app/contracts';
import { IdParamPipe } from './http/id-param.pipe';
import { Requires } from './http/access.decorators';
import { CurrentActor } from './http/request-context';

@ApiTags('contents')
@ApiBearerAuth()
@Controller('contents')
export class ContentsController {
  constructor(private readonly contents: ContentsService) {}

  @Requires('contents:write')
  @Post()
  @ApiAnswers({
    summary: 'Record a piece of published content (409 with existingId when its URL is known)',
    status: 201,
    type: ContentViewSchema,
    errors: [...SIGNED_IN, ...JSON_BODY, 404, 409],
  })
  create(@CurrentActor() actor: Actor, @Body() body: CreateContentDto) {
    return this.contents.create(actor, body);
  }

  @Requires('contents:read')
  @Get()
  @ApiAnswers({ summary: 'Contents of the caller’s scope', type: ContentPageSchema, errors: [...SIGNED_IN, ...QUERY, 404] })
  list(@CurrentActor() actor: Actor, @Query() query: ListContentsQueryDto) {
    return this.contents.list(actor, { ...query, limit: query.limit ?? DEFAULT_PAGE_SIZE });
  }

  @Requires('contents:read')
  @Get(':id')
  @ApiAnswers({ summary: 'One content', type: ContentViewSchema, errors: [...SIGNED_IN, ...BY_ID] })
  get(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: string) {
    return this.contents.get(actor, id);
  }

  /** Updates the latest recorded interaction count (or the title). */
  @Requires('contents:write')
  @Patch(':id')
  @ApiAnswers({
    summary: 'Update a content’s interaction count or title',
    type: ContentViewSchema,
    errors: [...SIGNED_IN, ...BY_ID, ...JSON_BODY, 409],
  })
  update(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: string, @Body() body: UpdateContentDto) {
    return this.contents.update(actor, id, body);
  }
}
