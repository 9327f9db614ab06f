import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor } from '@app/access';
import {
  ApiAnswers,
  BY_ID,
  CreateTeamDto,
  DEFAULT_PAGE_SIZE,
  JSON_BODY,
  ListTeamsQueryDto,
  QUERY,
  SIGNED_IN,
  TeamMembersDto,
  TeamPageSchema,
  TeamViewSchema,
} from '@app/contracts';
import { TeamsService } from '@app/identity';
import { IdParamPipe } from './http/id-param.pipe';
import { Requires } from './http/access.decorators';
import { CurrentActor } from './http/request-context';

@ApiTags('teams')
@ApiBearerAuth()
@Controller('teams')
export class TeamsController {
  constructor(private readonly teams: TeamsService) {}

  @Requires('teams:write')
  @Post()
  @ApiAnswers({
    summary: 'Create a team in a unit of the caller’s scope (409 when its name is taken there)',
    status: 201,
    type: TeamViewSchema,
    errors: [...SIGNED_IN, ...JSON_BODY, 404, 409],
  })
  create(@CurrentActor() actor: Actor, @Body() body: CreateTeamDto) {
    return this.teams.create(actor, body);
  }

  @Requires('teams:read')
  @Get()
  @ApiAnswers({ summary: 'Teams of the caller’s scope', type: TeamPageSchema, errors: [...SIGNED_IN, ...QUERY] })
  list(@CurrentActor() actor: Actor, @Query() query: ListTeamsQueryDto) {
    return this.teams.list(actor, { cursor: query.cursor, limit: query.limit ?? DEFAULT_PAGE_SIZE, q: query.q });
  }

  @Requires('teams:read')
  @Get(':id')
  @ApiAnswers({ summary: 'One team with its members', type: TeamViewSchema, errors: [...SIGNED_IN, ...BY_ID] })
  get(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: string) {
    return this.teams.get(actor, id);
  }

  /** Adds to an existing team: 200 with the team, not 201, since nothing new is addressable. */
  @Requires('teams:write')
  @Post(':id/members')
  @HttpCode(200)
  @ApiAnswers({ summary: 'Add members to a team', type: TeamViewSchema, errors: [...SIGNED_IN, ...BY_ID, ...JSON_BODY] })
  addMembers(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: string, @Body() body: TeamMembersDto) {
    return this.teams.addMembers(actor, id, body.userIds);
  }

  @Requires('teams:write')
  @Delete(':id/members/:userId')
  @ApiAnswers({ summary: 'Remove a member from a team', type: TeamViewSchema, errors: [...SIGNED_IN, ...BY_ID] })
  removeMember(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: string, @Param('userId', IdParamPipe) userId: string) {
    return this.teams.removeMember(actor, id, userId);
  }
}
