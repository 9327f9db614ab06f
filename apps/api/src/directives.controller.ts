import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor } from '@app/access';
import {
  ApiAnswers,
  CreateDirectiveDto,
  DEFAULT_PAGE_SIZE,
  DirectivePageSchema,
  DirectiveViewSchema,
  JSON_BODY,
  ListDirectivesQueryDto,
  QUERY,
  SIGNED_IN,
} from '@app/contracts';
import { DirectivesService } from '@app/directives';
import { Requires } from './http/access.decorators';
import { CurrentActor } from './http/request-context';

@ApiTags('directives')
@ApiBearerAuth()
@Controller('directives')
export class DirectivesController {
  constructor(private readonly directives: DirectivesService) {}

  @Requires('directives:write')
  @Post()
  @ApiAnswers({
    summary: 'Record a directive issued by the caller’s unit',
    status: 201,
    type: DirectiveViewSchema,
    errors: [...SIGNED_IN, ...JSON_BODY],
  })
  create(@CurrentActor() actor: Actor, @Body() body: CreateDirectiveDto) {
    return this.directives.create(actor, body);
  }

  @Requires('directives:read')
  @Get()
  @ApiAnswers({ summary: 'Directives of the caller’s scope', type: DirectivePageSchema, errors: [...SIGNED_IN, ...QUERY, 404] })
  list(@CurrentActor() actor: Actor, @Query() query: ListDirectivesQueryDto) {
    return this.directives.list(actor, {
      cursor: query.cursor,
      limit: query.limit ?? DEFAULT_PAGE_SIZE,
      year: query.year,
      orgUnitId: query.orgUnitId,
    });
  }
}
