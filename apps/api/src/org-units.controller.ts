import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor } from '@app/access';
import {
  ApiAnswers,
  BY_ID,
  CreateOrgUnitDto,
  DEFAULT_PAGE_SIZE,
  JSON_BODY,
  OrgUnitPageSchema,
  OrgUnitViewSchema,
  PageQueryDto,
  QUERY,
  SIGNED_IN,
  SubtreeSummarySchema,
  UpdateOrgUnitDto,
} from '@app/contracts';
import { OrgUnitsService } from '@app/organisation';
import { IdParamPipe } from './http/id-param.pipe';
import { Requires } from './http/access.decorators';
import { CurrentActor } from './http/request-context';

@ApiTags('org-units')
@ApiBearerAuth()
@Controller('org-units')
export class OrgUnitsController {
  constructor(private readonly units: OrgUnitsService) {}

  @Requires('org-units:write')
  @Post()
  @ApiAnswers({
    summary: 'Create a unit under a parent',
    status: 201,
    type: OrgUnitViewSchema,
    errors: [...SIGNED_IN, ...JSON_BODY, 404, 409],
  })
  create(@CurrentActor() actor: Actor, @Body() body: CreateOrgUnitDto) {
    return this.units.create(actor, body);
  }

  @Requires('org-units:read')
  @Get()
  @ApiAnswers({ summary: 'Units of the caller’s subtree', type: OrgUnitPageSchema, errors: [...SIGNED_IN, ...QUERY] })
  list(@CurrentActor() actor: Actor, @Query() query: PageQueryDto) {
    return this.units.list(actor, { cursor: query.cursor, limit: query.limit ?? DEFAULT_PAGE_SIZE });
  }

  @Requires('org-units:read')
  @Get(':id')
  @ApiAnswers({ summary: 'One unit', type: OrgUnitViewSchema, errors: [...SIGNED_IN, ...BY_ID] })
  get(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: string) {
    return this.units.get(actor, id);
  }

  /** What a move would carry along, shown before an admin confirms it. */
  @Requires('org-units:write')
  @Get(':id/subtree-summary')
  @ApiAnswers({
    summary: 'How many units and active members a move of this unit carries along',
    type: SubtreeSummarySchema,
    errors: [...SIGNED_IN, ...BY_ID],
  })
  subtreeSummary(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: string) {
    return this.units.subtreeSummary(actor, id);
  }

  /** Rename (name, code), move (parentId) with the whole subtree, deactivate or reactivate (active). */
  @Requires('org-units:write')
  @Patch(':id')
  @ApiAnswers({
    summary: 'Rename a unit, move it with its subtree, or deactivate/reactivate it',
    type: OrgUnitViewSchema,
    errors: [...SIGNED_IN, ...BY_ID, ...JSON_BODY, 409],
  })
  update(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: string, @Body() body: UpdateOrgUnitDto) {
    return this.units.update(actor, id, body);
  }
}
