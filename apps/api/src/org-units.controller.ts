import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor } from '@app/access';
import { CreateOrgUnitDto, DEFAULT_PAGE_SIZE, PageQueryDto, UpdateOrgUnitDto } from '@app/contracts';
import { OrgUnitsService } from '@app/organisation';
import { Requires } from './http/access.decorators';
import { CurrentActor } from './http/request-context';

@ApiTags('org-units')
@ApiBearerAuth()
@Controller('org-units')
export class OrgUnitsController {
  constructor(private readonly units: OrgUnitsService) {}

  @Requires('org-units:write')
  @Post()
  create(@CurrentActor() actor: Actor, @Body() body: CreateOrgUnitDto) {
    return this.units.create(actor, body);
  }

  @Requires('org-units:read')
  @Get()
  list(@CurrentActor() actor: Actor, @Query() query: PageQueryDto) {
    return this.units.list(actor, { cursor: query.cursor, limit: query.limit ?? DEFAULT_PAGE_SIZE });
  }

  @Requires('org-units:read')
  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.units.get(actor, id);
  }

  /** Rename (name, code) and move (parentId) with the whole subtree. */
  @Requires('org-units:write')
  @Patch(':id')
  update(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: UpdateOrgUnitDto) {
    return this.units.update(actor, id, body);
  }
}
