import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccessError, AccessErrorCode, Actor, PolicyService, Role, unitScopeSql } from '@app/access';
import { AuditService } from '@app/audit';
import { decodeIdCursor, isId, Page, pageOf, UserView } from '@app/contracts';
import { OrgUnitsService } from '@app/organisation';
import { FigureChangeRecorder } from '@app/stats';
import { IdentityError, IdentityErrorCode } from './identity.errors';
import { passwordHasher } from './password-hasher';

export interface NewUser {
  username: string;
  password: string;
  fullName: string;
  orgUnitId: string;
  roles: Role[];
  teamIds?: string[];
}

export interface UserChanges {
  fullName?: string;
  roles?: Role[];
  active?: boolean;
  orgUnitId?: string;
  password?: string;
}

/** Who is calling: a signed-in user, or null for the system (admin CLI, first-start seeding). */
export type Caller = Actor | null;

const USER_COLUMNS = `u.id, u.username, u.full_name AS "fullName", u.org_unit_id AS "orgUnitId",
  u.roles, u.active, u.created_at AS "createdAt"`;

/** Users: creation within scope, listing, role changes, deactivation and moves. */
@Injectable()
export class UsersService {
  private readonly invalidationListeners: ((userId: string) => void)[] = [];

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly policy: PolicyService,
    private readonly units: OrgUnitsService,
    private readonly audit: AuditService,
    private readonly figures: FigureChangeRecorder,
  ) {}

  /** Lets the authenticator drop a cached actor the moment their roles or activity change. */
  onUserChanged(listener: (userId: string) => void): void {
    this.invalidationListeners.push(listener);
  }

  async create(caller: Caller, input: NewUser, requestId?: string): Promise<UserView> {
    const passwordHash = await passwordHasher.hash(input.password);
    return this.db.transaction(async (m) => {
      await this.assertUnitUsable(caller, input.orgUnitId, 'orgUnitId', m);
      if (caller) this.policy.assertCanGrant(caller, input.roles);
      const teamIds = input.teamIds ?? [];
      await this.assertTeamsInScope(caller, teamIds, m);
      const rows = (await m.query(
        `INSERT INTO users (username, full_name, password_hash, org_unit_id, roles)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT ((lower(username))) DO NOTHING
         RETURNING id`,
        [input.username, input.fullName.normalize('NFC'), passwordHash, input.orgUnitId, input.roles],
      )) as { id: string }[];
      if (rows.length === 0) {
        throw new IdentityError(IdentityErrorCode.UsernameTaken, `username "${input.username}" is taken`, 'username');
      }
      const id = rows[0].id;
      if (teamIds.length > 0) {
        await m.query(`INSERT INTO team_members (team_id, user_id) SELECT unnest($1::bigint[]), $2`, [teamIds, id]);
      }
      const user = (await this.findView(id, m)) as UserView;
      await this.figures.record(m, [{ orgUnitId: user.orgUnitId, family: 'members', at: new Date() }]);
      await this.audit.record(m, {
        actorId: caller?.id ?? null,
        actorRoles: caller?.roles,
        action: 'user.create',
        entityType: 'user',
        entityId: id,
        after: { ...user, teamIds },
        requestId,
      });
      return user;
    });
  }

  /**
   * Users in the caller's scope (optionally one unit's subtree), by id. `active: true` keeps
   * the active ones: with `orgUnitId`, the rows behind `members`.
   */
  async list(
    actor: Actor,
    query: { cursor?: string; limit: number; orgUnitId?: string; active?: boolean },
  ): Promise<Page<UserView>> {
    const afterId = decodeIdCursor(query.cursor);
    let subtree: string | null = null;
    if (query.orgUnitId) {
      await this.policy.assertUnitInScope(actor, query.orgUnitId);
      subtree = (await this.units.findById(query.orgUnitId))?.path ?? null;
    }
    const scope = unitScopeSql(this.policy.scopeOf(actor), 'o', 5);
    const rows = (await this.db.query(
      `SELECT ${USER_COLUMNS} FROM users u JOIN org_units o ON o.id = u.org_unit_id
        WHERE ($1::bigint IS NULL OR u.id > $1) AND ($3::ltree IS NULL OR o.path <@ $3::ltree)
          AND ($4::boolean IS NULL OR u.active = $4) AND ${scope.sql}
        ORDER BY u.id LIMIT $2`,
      [afterId, query.limit + 1, subtree, query.active ?? null, ...scope.params],
    )) as UserView[];
    return pageOf(rows, query.limit);
  }

  /** One user, or 404 when outside the caller's scope. */
  async get(actor: Actor, id: string): Promise<UserView> {
    const user = await this.findView(id);
    if (!user || !(await this.policy.isInScope(this.policy.scopeOf(actor), user.orgUnitId))) {
      throw new AccessError(AccessErrorCode.NotFound, 'user not found', 'id');
    }
    return user;
  }

  async update(caller: Caller, id: string, changes: UserChanges, requestId?: string): Promise<UserView> {
    const passwordHash = changes.password ? await passwordHasher.hash(changes.password) : null;
    const updated = await this.db.transaction(async (m) => {
      const before = await this.findView(id, m, true);
      if (!before) throw new AccessError(AccessErrorCode.NotFound, 'user not found', 'id');
      if (caller) {
        await this.policy.assertCanManageUser(caller, before, m);
        if (changes.roles) this.policy.assertCanGrant(caller, changes.roles);
      }
      if (changes.orgUnitId) await this.assertUnitUsable(caller, changes.orgUnitId, 'orgUnitId', m);
      // A change that changes nothing writes nothing: no row, no audit entry, no session ended.
      if (changesNothing(before, changes)) return before;
      const revokesSessions = changes.roles !== undefined || changes.active === false || passwordHash !== null;
      await m.query(
        `UPDATE users SET full_name = coalesce($2, full_name), roles = coalesce($3, roles),
                active = coalesce($4, active), org_unit_id = coalesce($5, org_unit_id),
                password_hash = coalesce($6, password_hash),
                token_version = token_version + CASE WHEN $7 THEN 1 ELSE 0 END, updated_at = now()
          WHERE id = $1`,
        [
          id,
          changes.fullName?.normalize('NFC') ?? null,
          changes.roles ?? null,
          changes.active ?? null,
          changes.orgUnitId ?? null,
          passwordHash,
          revokesSessions,
        ],
      );
      if (revokesSessions) {
        await m.query(`UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [id]);
      }
      const after = (await this.findView(id, m)) as UserView;
      if (after.active !== before.active || after.orgUnitId !== before.orgUnitId) {
        const units = [...new Set([before.orgUnitId, after.orgUnitId])];
        await this.figures.record(m, units.map((orgUnitId) => ({ orgUnitId, family: 'members' as const, at: new Date() })));
      }
      if (after.orgUnitId !== before.orgUnitId) await this.endMembershipsOutside(m, caller, id, after.orgUnitId, requestId);
      await this.audit.record(m, {
        actorId: caller?.id ?? null,
        actorRoles: caller?.roles,
        action: 'user.update',
        entityType: 'user',
        entityId: id,
        before,
        after: { ...after, passwordChanged: passwordHash !== null },
        requestId,
      });
      return after;
    });
    this.invalidationListeners.forEach((listener) => listener(id));
    return updated;
  }

  /**
   * A move ends the user's memberships of teams whose unit no longer covers their new unit
   * (ADR 011): such a team would otherwise keep reaching into another subtree. Audited per team.
   */
  private async endMembershipsOutside(m: EntityManager, caller: Caller, userId: string, unitId: string, requestId?: string) {
    // A DELETE … RETURNING answers [rows, count].
    const [ended] = (await m.query(
      `DELETE FROM team_members tm USING teams t, org_units tu
        WHERE tm.user_id = $1 AND t.id = tm.team_id AND tu.id = t.org_unit_id
          AND NOT tu.path @> (SELECT path FROM org_units WHERE id = $2)
        RETURNING t.id::text AS "teamId"`,
      [userId, unitId],
    )) as [{ teamId: string }[], number];
    for (const { teamId } of ended) {
      await this.audit.record(m, {
        actorId: caller?.id ?? null,
        actorRoles: caller?.roles,
        action: 'team.remove-member',
        entityType: 'team',
        entityId: teamId,
        before: { memberId: userId },
        after: { memberId: null, reason: 'moved out of the team’s unit' },
        requestId,
      });
    }
  }

  /** A user by username, case-insensitively, for import re-runs. */
  async findByUsername(username: string, manager: EntityManager = this.db.manager): Promise<UserView | null> {
    const rows = (await manager.query(`SELECT ${USER_COLUMNS} FROM users u WHERE lower(u.username) = lower($1)`, [
      username,
    ])) as UserView[];
    return rows[0] ?? null;
  }

  /** The actor a background job acts for: its creator as they are now, or null if no longer active. */
  async actorOf(userId: string): Promise<Actor | null> {
    const record = await this.actorRecord(userId);
    if (!record?.active) return null;
    const { active: _active, tokenVersion: _version, ...actor } = record;
    return actor;
  }

  /** A user as a caller, with what decides whether their tokens still hold; null when unknown. */
  async actorRecord(userId: string): Promise<(Actor & { active: boolean; tokenVersion: number }) | null> {
    if (!isId(userId)) return null;
    const rows = (await this.db.query(
      `SELECT u.id, u.username, u.roles, u.org_unit_id AS "orgUnitId", o.path::text AS "unitPath",
              u.active, u.token_version AS "tokenVersion"
         FROM users u JOIN org_units o ON o.id = u.org_unit_id WHERE u.id = $1`,
      [userId],
    )) as (Actor & { active: boolean; tokenVersion: number })[];
    return rows[0] ?? null;
  }

  /** Whether any active admin exists (first-start seeding). */
  async hasActiveAdmin(manager: EntityManager = this.db.manager): Promise<boolean> {
    const rows = (await manager.query(`SELECT 1 FROM users WHERE active AND 'admin' = ANY(roles) LIMIT 1`)) as unknown[];
    return rows.length > 0;
  }

  private async findView(id: string, manager: EntityManager = this.db.manager, lock = false): Promise<UserView | null> {
    if (!isId(id)) return null;
    const rows = (await manager.query(
      `SELECT ${USER_COLUMNS} FROM users u WHERE u.id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [id],
    )) as UserView[];
    return rows[0] ?? null;
  }

  private async assertUnitUsable(caller: Caller, unitId: string, field: string, m: EntityManager): Promise<void> {
    if (caller) return this.policy.assertUnitInScope(caller, unitId, field, m);
    if (!(await this.units.findById(unitId, m))) {
      throw new AccessError(AccessErrorCode.NotFound, `${field} does not name a unit`, field);
    }
  }

  private async assertTeamsInScope(caller: Caller, teamIds: string[], m: EntityManager): Promise<void> {
    if (teamIds.length === 0) return;
    const teams = (await m.query(`SELECT id, org_unit_id AS "orgUnitId" FROM teams WHERE id = ANY($1::bigint[])`, [
      teamIds,
    ])) as { id: string; orgUnitId: string }[];
    const unseen = () => new AccessError(AccessErrorCode.NotFound, 'teamIds names a team you cannot see', 'teamIds');
    if (teams.length !== teamIds.length) throw unseen();
    // A team outside the caller's scope gets the answer of one that does not exist.
    for (const team of teams) {
      if (caller && !(await this.policy.canSeeUnit(caller, team.orgUnitId, m))) throw unseen();
    }
  }
}

function changesNothing(user: UserView, changes: UserChanges): boolean {
  const sameRoles = (roles: readonly string[]) => [...roles].sort().join() === [...user.roles].sort().join();
  return (
    changes.password === undefined &&
    (changes.fullName === undefined || changes.fullName.normalize('NFC') === user.fullName) &&
    (changes.roles === undefined || sameRoles(changes.roles)) &&
    (changes.active === undefined || changes.active === user.active) &&
    (changes.orgUnitId === undefined || changes.orgUnitId === user.orgUnitId)
  );
}
