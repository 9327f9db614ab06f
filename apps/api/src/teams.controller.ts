import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor } from '@app/access';
import { CreateTeamDto, DEFAULT_PAGE_SIZE, PageQueryDto, TeamMembersDto } from '@app/contracts';
import { TeamsService } from '@app/identity';
import { Requires } from './http/access.decorators';
import { CurrentActor } from './http/request-context';

@ApiTags('teams')
@ApiBearerAuth()
@Controller('teams')
export class TeamsController {
  constructor(private readonly teams: TeamsService) {}

  @Requires('teams:write')
  @Post()
  create(@CurrentActor() actor: Actor, @Body() body: CreateTeamDto) {
    return this.teams.create(actor, body);
  }

  @Requires('teams:read')
  @Get()
  list(@CurrentActor() actor: Actor, @Query() query: PageQueryDto) {
    return this.teams.list(actor, { cursor: query.cursor, limit: query.limit ?? DEFAULT_PAGE_SIZE });
  }

  @Requires('teams:read')
  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.teams.get(actor, id);
  }

  /** Adds to an existing team: 200 with the team, not 201, since nothing new is addressable. */
  @Requires('teams:write')
  @Post(':id/members')
  @HttpCode(200)
  addMembers(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: TeamMembersDto) {
    return this.teams.addMembers(actor, id, body.userIds);
  }

  @Requires('teams:write')
  @Delete(':id/members/:userId')
  removeMember(@CurrentActor() actor: Actor, @Param('id') id: string, @Param('userId') userId: string) {
    return this.teams.removeMember(actor, id, userId);
  }
}
