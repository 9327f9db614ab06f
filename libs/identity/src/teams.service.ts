import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccessError, AccessErrorCode, Actor, PolicyService, unitScopeSql } from '@app/access';
import { AuditService } from '@app/audit';
import { decodeIdCursor, isId, Page, pageOf, TeamView } from '@app/contracts';
import { OrgUnitsService } from '@app/organisation';
import { IdentityError, IdentityErrorCode } from './identity.errors';

const TEAM_COLUMNS = `t.id, t.name, t.org_unit_id AS "orgUnitId", t.created_at AS "createdAt",
  coalesce((SELECT array_agg(tm.user_id::text ORDER BY tm.user_id) FROM team_members tm WHERE tm.team_id = t.id),
           '{}') AS "memberIds"`;

/** Teams of a unit and their members; members must be users the caller can see. */
@Injectable()
export class TeamsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly policy: PolicyService,
    private readonly units: OrgUnitsService,
    private readonly audit: AuditService,
  ) {}

  async create(actor: Actor, input: { name: string; orgUnitId: string; userIds?: string[] }): Promise<TeamView> {
    return this.db.transaction(async (m) => {
      await this.policy.assertUnitInScope(actor, input.orgUnitId, 'orgUnitId', m);
      const userIds = input.userIds ?? [];
      await this.assertUsersInScope(actor, userIds, m);
      const rows = (await m.query(
        `INSERT INTO teams (name, org_unit_id) VALUES ($1, $2)
         ON CONFLICT (org_unit_id, lower(name)) DO NOTHING RETURNING id`,
        [input.name, input.orgUnitId],
      )) as { id: string }[];
      if (rows.length === 0) {
        throw new IdentityError(IdentityErrorCode.TeamNameTaken, `this unit already has a team "${input.name}"`, 'name');
      }
      await this.insertMembers(m, rows[0].id, userIds);
      const team = (await this.find(rows[0].id, m)) as TeamView;
      await this.recordAudit(m, actor, 'team.create', team.id, undefined, team);
      return team;
    });
  }

  async list(actor: Actor, query: { cursor?: string; limit: number }): Promise<Page<TeamView>> {
    const afterId = decodeIdCursor(query.cursor);
    const scope = unitScopeSql(this.policy.scopeOf(actor), 'o', 3);
    const rows = (await this.db.query(
      `SELECT ${TEAM_COLUMNS} FROM teams t JOIN org_units o ON o.id = t.org_unit_id
        WHERE ($1::bigint IS NULL OR t.id > $1) AND ${scope.sql} ORDER BY t.id LIMIT $2`,
      [afterId, query.limit + 1, ...scope.params],
    )) as TeamView[];
    return pageOf(await Promise.all(rows.map((team) => this.visibleTo(actor, team))), query.limit);
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
      await this.recordAudit(m, actor, 'team.add-members', teamId, before, after);
      return after;
    });
  }

  async removeMember(actor: Actor, teamId: string, userId: string): Promise<TeamView> {
    return this.db.transaction(async (m) => {
      const before = await this.get(actor, teamId, m);
      if (!before.memberIds.includes(userId)) {
        throw new AccessError(AccessErrorCode.NotFound, 'userId is not a member of this team', 'userId');
      }
      await m.query(`DELETE FROM team_members WHERE team_id = $1 AND user_id = $2`, [teamId, userId]);
      const after = await this.visibleTo(actor, (await this.find(teamId, m)) as TeamView, m);
      await this.recordAudit(m, actor, 'team.remove-member', teamId, before, after);
      return after;
    });
  }

  private async find(id: string, manager: EntityManager = this.db.manager): Promise<TeamView | null> {
    if (!isId(id)) return null;
    const rows = (await manager.query(`SELECT ${TEAM_COLUMNS} FROM teams t WHERE t.id = $1`, [id])) as TeamView[];
    return rows[0] ?? null;
  }

  /**
   * The team as the reader may see it: only members inside the reader's scope. A member who
   * sits elsewhere (e.g. an admin's pick from another tree) is none of this reader's business (ADR 011).
   */
  private async visibleTo(actor: Actor, team: TeamView, manager: EntityManager = this.db.manager): Promise<TeamView> {
    if (team.memberIds.length === 0) return team;
    const scope = unitScopeSql(this.policy.scopeOf(actor), 'o', 2);
    const rows = (await manager.query(
      `SELECT u.id::text AS id FROM users u JOIN org_units o ON o.id = u.org_unit_id
        WHERE u.id = ANY($1::bigint[]) AND ${scope.sql} ORDER BY u.id`,
      [team.memberIds, ...scope.params],
    )) as { id: string }[];
    return { ...team, memberIds: rows.map((row) => row.id) };
  }

  private async insertMembers(m: EntityManager, teamId: string, userIds: string[]): Promise<void> {
    if (userIds.length === 0) return;
    await m.query(
      `INSERT INTO team_members (team_id, user_id) SELECT $1, unnest($2::bigint[]) ON CONFLICT DO NOTHING`,
      [teamId, userIds],
    );
  }

  private async assertUsersInScope(actor: Actor, userIds: string[], m: EntityManager): Promise<void> {
    if (userIds.length === 0) return;
    const scope = unitScopeSql(this.policy.scopeOf(actor), 'o', 2);
    const [{ count }] = (await m.query(
      `SELECT count(*)::int AS count FROM users u JOIN org_units o ON o.id = u.org_unit_id
        WHERE u.id = ANY($1::bigint[]) AND ${scope.sql}`,
      [userIds, ...scope.params],
    )) as { count: number }[];
    if (count !== userIds.length) {
      throw new AccessError(AccessErrorCode.NotFound, 'userIds names a user you cannot see', 'userIds');
    }
  }

  private recordAudit(m: EntityManager, actor: Actor, action: string, id: string, before: unknown, after: unknown) {
    return this.audit.record(m, {
      actorId: actor.id,
      actorRoles: actor.roles,
      action,
      entityType: 'team',
      entityId: id,
      before,
      after,
      requestId: actor.requestId,
    });
  }
}
