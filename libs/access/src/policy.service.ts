import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { isId } from '@app/contracts';
import { AccessError, AccessErrorCode } from './access.errors';
import { Actor, Role } from './actor';
import { Permission, PERMISSIONS, SECRETARIAT_GRANTABLE_ROLES } from './permissions';
import { UnitScope } from './unit-scope';
import { ScopedUnit, UnitTreeRepository } from './unit-tree.repository';

/** Whom a user may manage: the unit they sit in and the roles they hold. */
export interface ManagedUser {
  orgUnitId: string;
  roles: readonly Role[];
}

/**
 * The one place that decides role × scope. Guards ask {@link allows}; services ask the
 * assert* methods before reading or writing anything tied to a unit.
 */
@Injectable()
export class PolicyService {
  constructor(private readonly unitTree: UnitTreeRepository) {}

  /** Whether any of the actor's roles holds the permission. */
  allows(actor: Pick<Actor, 'roles'>, permission: Permission): boolean {
    const allowed: readonly Role[] = PERMISSIONS[permission];
    return actor.roles.some((role) => allowed.includes(role));
  }

  /**
   * The units the actor acts on: admins every unit, secretariat and leaders their
   * unit's subtree, collaborators their own unit.
   */
  scopeOf(actor: Pick<Actor, 'roles' | 'orgUnitId' | 'unitPath'>): UnitScope {
    if (actor.roles.includes('admin')) return { kind: 'all' };
    if (actor.roles.includes('secretariat') || actor.roles.includes('leader')) {
      return { kind: 'subtree', path: actor.unitPath };
    }
    return { kind: 'unit', unitId: actor.orgUnitId };
  }

  /** Whether `unitId` names a unit inside the scope. Unknown units are never in scope. */
  async isInScope(scope: UnitScope, unitId: string, manager?: EntityManager): Promise<boolean> {
    return (await this.unitInScope(scope, unitId, manager)) !== null;
  }

  /** The unit `unitId` names, when it lies inside the scope; null otherwise. */
  async unitInScope(scope: UnitScope, unitId: string, manager?: EntityManager): Promise<ScopedUnit | null> {
    if (!isId(unitId)) return null;
    return this.unitTree.findInScope(scope, unitId, manager);
  }

  /** Whether the actor may see the unit. */
  canSeeUnit(actor: Actor, unitId: string, manager?: EntityManager): Promise<boolean> {
    return this.isInScope(this.scopeOf(actor), unitId, manager);
  }

  /**
   * The unit, which exists and lies in the actor's scope; NotFound (404) otherwise. Callers
   * use the unit returned (its name, its path) rather than reading it again.
   */
  async assertUnitInScope(actor: Actor, unitId: string, field = 'orgUnitId', manager?: EntityManager): Promise<ScopedUnit> {
    const unit = await this.unitInScope(this.scopeOf(actor), unitId, manager);
    if (!unit) throw new AccessError(AccessErrorCode.NotFound, `${field} does not name a unit you can see`, field);
    return unit;
  }

  /** Throws Forbidden unless the actor may give every one of these roles. */
  assertCanGrant(actor: Actor, roles: readonly Role[]): void {
    if (actor.roles.includes('admin')) return;
    const refused = roles.filter((role) => !SECRETARIAT_GRANTABLE_ROLES.includes(role));
    if (refused.length > 0) {
      throw new AccessError(AccessErrorCode.Forbidden, `roles: you may not grant ${refused.join(', ')}`, 'roles');
    }
  }

  /**
   * Throws NotFound when the user is outside the actor's scope, Forbidden when the
   * actor may see the user but not manage someone holding their roles.
   */
  async assertCanManageUser(actor: Actor, user: ManagedUser, manager?: EntityManager): Promise<void> {
    // Worded as for a user who does not exist: a different message would tell that one does.
    if (!(await this.canSeeUnit(actor, user.orgUnitId, manager))) {
      throw new AccessError(AccessErrorCode.NotFound, 'user not found', 'id');
    }
    if (actor.roles.includes('admin')) return;
    if (user.roles.some((role) => !SECRETARIAT_GRANTABLE_ROLES.includes(role))) {
      throw new AccessError(AccessErrorCode.Forbidden, 'only an admin may change this user', 'id');
    }
  }

  /**
   * The top unit of the tree `unitId` belongs to, or null for an unknown unit. What a tree
   * shares (its report wording) is kept on its top unit.
   */
  async rootOf(unitId: string, manager?: EntityManager): Promise<string | null> {
    if (!isId(unitId)) return null;
    return this.unitTree.findRootIdOf(unitId, manager);
  }

  /**
   * For what a whole tree shares (its report wording): only an admin, or someone sitting in
   * the tree's top unit, whose scope is the whole tree. A secretariat further down would
   * otherwise rewrite what units outside their subtree see (403: the setting is no secret
   * to them); a top unit the actor cannot see is 404, like any unit outside their scope.
   */
  async assertCoversTree(actor: Actor, rootUnitId: string, manager?: EntityManager): Promise<void> {
    if (actor.roles.includes('admin') || actor.orgUnitId === rootUnitId) return;
    if ((await this.rootOf(actor.orgUnitId, manager)) !== rootUnitId) {
      throw new AccessError(AccessErrorCode.NotFound, 'orgUnitId does not name a unit you can see', 'orgUnitId');
    }
    throw new AccessError(AccessErrorCode.Forbidden, 'only an admin or the secretariat of the top unit may change what every unit of the tree uses');
  }

  /** A job's progress is visible to whoever started it, and to admins. */
  assertCanReadJob(actor: Actor, job: { createdBy: string | null }): void {
    if (actor.roles.includes('admin') || job.createdBy === actor.id) return;
    throw new AccessError(AccessErrorCode.NotFound, 'job not found');
  }
}
