import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor } from '@app/access';
import { ContentsService } from '@app/content';
import { CreateContentDto, DEFAULT_PAGE_SIZE, ListContentsQueryDto, UpdateContentDto } from '@app/contracts';
import { Requires } from './http/access.decorators';
import { CurrentActor } from './http/request-context';

@ApiTags('contents')
@ApiBearerAuth()
@Controller('contents')
export class ContentsController {
  constructor(private readonly contents: ContentsService) {}

  @Requires('contents:write')
  @Post()
  create(@CurrentActor() actor: Actor, @Body() body: CreateContentDto) {
    return this.contents.create(actor, body);
  }

  @Requires('contents:read')
  @Get()
  list(@CurrentActor() actor: Actor, @Query() query: ListContentsQueryDto) {
    return this.contents.list(actor, { ...query, limit: query.limit ?? DEFAULT_PAGE_SIZE });
  }

  @Requires('contents:read')
  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.contents.get(actor, id);
  }

  /** Updates the latest recorded interaction count (or the title). */
  @Requires('contents:write')
  @Patch(':id')
  update(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: UpdateContentDto) {
    return this.contents.update(actor, id, body);
  }
}
