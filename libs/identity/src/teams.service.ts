import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccessError, AccessErrorCode, Actor, PolicyService } from '@app/access';
import { AuditService } from '@app/audit';
import { decodeIdCursor, isId, Page, searchablePageOf, TeamView } from '@app/contracts';
import { OrgUnitsService } from '@app/organisation';
import { IdentityError, IdentityErrorCode } from './identity.errors';
import { TeamsRepository } from './teams.repository';
import { UsersRepository } from './users.repository';

/** Teams of a unit and their members; members must be users the caller can see. */
@Injectable()
export class TeamsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly policy: PolicyService,
    private readonly units: OrgUnitsService,
    private readonly audit: AuditService,
    private readonly teams: TeamsRepository,
    private readonly users: UsersRepository,
  ) {}

  async create(actor: Actor, input: { name: string; orgUnitId: string; userIds?: string[] }): Promise<TeamView> {
    return this.db.transaction(async (m) => {
      await this.policy.assertUnitInScope(actor, input.orgUnitId, 'orgUnitId', m);
      const userIds = input.userIds ?? [];
      await this.assertUsersInScope(actor, userIds, m);
      const id = await this.teams.insertIfNameFree(m, input.name, input.orgUnitId);
      if (id === null) {
        throw new IdentityError(IdentityErrorCode.TeamNameTaken, `this unit already has a team "${input.name}"`, 'name');
      }
      await this.insertMembers(m, id, userIds);
      const team = (await this.find(id, m)) as TeamView;
      await this.audit.recordChange(m, actor, { action: 'team.create', entityType: 'team', entityId: team.id, after: team });
      return team;
    });
  }

  async list(actor: Actor, query: { cursor?: string; limit: number; q?: string }): Promise<Page<TeamView>> {
    const cursorId = decodeIdCursor(query.cursor);
    // A ranked answer has no id order to resume from: with q, it is the best matches only.
    const afterId = query.q === undefined ? cursorId : null;
    const rows = await this.teams.listVisibleTo(this.policy.scopeOf(actor), { afterId, limit: query.limit, q: query.q ?? null });
    return searchablePageOf(await Promise.all(rows.map((team) => this.visibleTo(actor, team))), query.limit, query.q);
  }

  async get(actor: Actor, id: string, manager?: EntityManager): Promise<TeamView> {
    const team = await this.find(id, manager);
    if (!team || !(await this.policy.isInScope(this.policy.scopeOf(actor), team.orgUnitId, manager))) {
      throw new AccessError(AccessErrorCode.NotFound, 'team not found', 'id');
    }
    return this.visibleTo(actor, team, manager);
  }

  async addMembers(actor: Actor, teamId: string, userIds: string[]): Promise<TeamView> {
    return this.db.transaction(async (m) => {
      const before = await this.get(actor, teamId, m);
      await this.assertUsersInScope(actor, userIds, m);
      await this.insertMembers(m, teamId, userIds);
      const after = await this.visibleTo(actor, (await this.find(teamId, m)) as TeamView, m);
      await this.audit.recordChange(m, actor, {
        action: 'team.add-members',
        entityType: 'team',
        entityId: teamId,
        before,
        after,
      });
      return after;
    });
  }

  async removeMember(actor: Actor, teamId: string, userId: string): Promise<TeamView> {
    return this.db.transaction(async (m) => {
      const before = await this.get(actor, teamId, m);
      if (!before.memberIds.includes(userId)) {
        throw new AccessError(AccessErrorCode.NotFound, 'userId is not a member of this team', 'userId');
      }
      await this.teams.removeMember(m, teamId, userId);
      const after = await this.visibleTo(actor, (await this.find(teamId, m)) as TeamView, m);
      await this.audit.recordChange(m, actor, {
        action: 'team.remove-member',
        entityType: 'team',
        entityId: teamId,
        before,
        after,
      });
      return after;
    });
  }

  private async find(id: string, manager?: EntityManager): Promise<TeamView | null> {
    if (!isId(id)) return null;
    return this.teams.findById(id, manager);
  }

  /**
   * The team as the reader may see it: only members inside the reader's scope. A member who
   * sits elsewhere (e.g. an admin's pick from another tree) is none of this reader's business (ADR 011).
   */
  private async visibleTo(actor: Actor, team: TeamView, manager?: EntityManager): Promise<TeamView> {
    if (team.memberIds.length === 0) return team;
    const memberIds = await this.users.listIdsVisibleAmong(team.memberIds, this.policy.scopeOf(actor), manager);
    return { ...team, memberIds };
  }

  private async insertMembers(m: EntityManager, teamId: string, userIds: string[]): Promise<void> {
    if (userIds.length === 0) return;
    await this.teams.addMembers(m, teamId, userIds);
  }

  private async assertUsersInScope(actor: Actor, userIds: string[], m: EntityManager): Promise<void> {
    if (userIds.length === 0) return;
    const count = await this.users.countVisibleAmong(userIds, this.policy.scopeOf(actor), m);
    if (count !== userIds.length) {
      throw new AccessError(AccessErrorCode.NotFound, 'userIds names a user you cannot see', 'userIds');
    }
  }
}
