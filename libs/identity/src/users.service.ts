import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccessError, AccessErrorCode, Actor, PolicyService, Role } from '@app/access';
import { AuditService } from '@app/audit';
import { decodeIdCursor, isId, Page, searchablePageOf, UserView } from '@app/contracts';
import { OrgUnitsService } from '@app/organisation';
import { FigureChangeRecorder } from '@app/stats';
import { IdentityError, IdentityErrorCode } from './identity.errors';
import { passwordHasher } from './password-hasher';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { TeamsRepository } from './teams.repository';
import { ActorRecordRow, UsersRepository } from './users.repository';

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

const userNotFound = () => new AccessError(AccessErrorCode.NotFound, 'user not found', 'id');

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
    private readonly users: UsersRepository,
    private readonly teams: TeamsRepository,
    private readonly refreshTokens: RefreshTokensRepository,
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
      const id = await this.users.insertIfUsernameFree(m, {
        username: input.username,
        fullName: input.fullName.normalize('NFC'),
        passwordHash,
        orgUnitId: input.orgUnitId,
        roles: input.roles,
      });
      if (id === null) {
        throw new IdentityError(IdentityErrorCode.UsernameTaken, `username "${input.username}" is taken`, 'username');
      }
      if (teamIds.length > 0) await this.teams.addUserToTeams(m, id, teamIds);
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
    query: { cursor?: string; limit: number; orgUnitId?: string; active?: boolean; q?: string },
  ): Promise<Page<UserView>> {
    const cursorId = decodeIdCursor(query.cursor);
    // A ranked answer has no id order to resume from: with q, it is the best matches only.
    const afterId = query.q === undefined ? cursorId : null;
    let subtree: string | null = null;
    if (query.orgUnitId) {
      await this.policy.assertUnitInScope(actor, query.orgUnitId);
      subtree = (await this.units.findById(query.orgUnitId))?.path ?? null;
    }
    const rows = await this.users.listVisibleTo(this.policy.scopeOf(actor), {
      afterId,
      limit: query.limit,
      subtreePath: subtree,
      active: query.active ?? null,
      q: query.q ?? null,
    });
    return searchablePageOf(rows, query.limit, query.q);
  }

  /** One user, or 404 when outside the caller's scope. */
  async get(actor: Actor, id: string): Promise<UserView> {
    const user = await this.findView(id);
    if (!user || !(await this.policy.isInScope(this.policy.scopeOf(actor), user.orgUnitId))) throw userNotFound();
    return user;
  }

  async update(caller: Caller, id: string, changes: UserChanges, requestId?: string): Promise<UserView> {
    const passwordHash = changes.password ? await passwordHasher.hash(changes.password) : null;
    const updated = await this.db.transaction(async (m) => {
      const before = await this.lockView(m, id);
      if (!before) throw userNotFound();
      if (caller) {
        await this.policy.assertCanManageUser(caller, before, m);
        if (changes.roles) this.policy.assertCanGrant(caller, changes.roles);
      }
      if (changes.orgUnitId) await this.assertUnitUsable(caller, changes.orgUnitId, 'orgUnitId', m);
      // Reactivating someone adds a member to their unit: a deactivated unit takes none.
      if (changes.active && !before.active && !changes.orgUnitId) await this.units.assertAcceptsMembers(before.orgUnitId, 'active', m);
      // A change that changes nothing writes nothing: no row, no audit entry, no session ended.
      if (changesNothing(before, changes)) return before;
      const revokesSessions = changes.roles !== undefined || changes.active === false || passwordHash !== null;
      await this.users.update(m, id, {
        fullName: changes.fullName?.normalize('NFC') ?? null,
        roles: changes.roles ?? null,
        active: changes.active ?? null,
        orgUnitId: changes.orgUnitId ?? null,
        passwordHash,
        revokesTokens: revokesSessions,
      });
      if (revokesSessions) await this.refreshTokens.revokeAllOfUser(m, id);
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
    const ended = await this.teams.removeFromTeamsNotCovering(m, userId, unitId);
    for (const teamId of ended) {
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
  findByUsername(username: string, manager?: EntityManager): Promise<UserView | null> {
    return this.users.findByUsername(username, manager);
  }

  /** The actor a background job acts for: its creator as they are now, or null if no longer active. */
  async actorOf(userId: string): Promise<Actor | null> {
    const record = await this.actorRecord(userId);
    if (!record?.active) return null;
    const { active: _active, tokenVersion: _version, ...actor } = record;
    return actor;
  }

  /** A user as a caller, with what decides whether their tokens still hold; null when unknown. */
  async actorRecord(userId: string): Promise<ActorRecordRow | null> {
    if (!isId(userId)) return null;
    return this.users.findActorRecord(userId);
  }

  /** Whether any active admin exists (first-start seeding). */
  hasActiveAdmin(manager?: EntityManager): Promise<boolean> {
    return this.users.hasActiveAdmin(manager);
  }

  private async findView(id: string, manager?: EntityManager): Promise<UserView | null> {
    if (!isId(id)) return null;
    return this.users.findById(id, manager);
  }

  private async lockView(m: EntityManager, id: string): Promise<UserView | null> {
    if (!isId(id)) return null;
    return this.users.lockById(m, id);
  }

  private async assertUnitUsable(caller: Caller, unitId: string, field: string, m: EntityManager): Promise<void> {
    if (caller) {
      await this.policy.assertUnitInScope(caller, unitId, field, m);
    } else if (!(await this.units.findById(unitId, m))) {
      throw new AccessError(AccessErrorCode.NotFound, `${field} does not name a unit`, field);
    }
    // A deactivated unit takes no new members (docs/adr, the admin console).
    await this.units.assertAcceptsMembers(unitId, field, m);
  }

  private async assertTeamsInScope(caller: Caller, teamIds: string[], m: EntityManager): Promise<void> {
    if (teamIds.length === 0) return;
    const teams = await this.teams.listUnitsOf(teamIds, m);
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
