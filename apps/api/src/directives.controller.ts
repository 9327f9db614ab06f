import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor } from '@app/access';
import { CreateDirectiveDto, DEFAULT_PAGE_SIZE, ListDirectivesQueryDto } from '@app/contracts';
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
  create(@CurrentActor() actor: Actor, @Body() body: CreateDirectiveDto) {
    return this.directives.create(actor, body);
  }

  @Requires('directives:read')
  @Get()
  list(@CurrentActor() actor: Actor, @Query() query: ListDirectivesQueryDto) {
    return this.directives.list(actor, {
      cursor: query.cursor,
      limit: query.limit ?? DEFAULT_PAGE_SIZE,
      year: query.year,
      orgUnitId: query.orgUnitId,
    });
  }
}
