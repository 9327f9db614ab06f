import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccessError, AccessErrorCode, Actor, PolicyService } from '@app/access';
import { AuditService } from '@app/audit';
import { decodeIdCursor, isId, Page, pageOf } from '@app/contracts';
import { OrgUnitEntity } from './entities/org-unit.entity';
import { OrgUnitsRepository } from './org-units.repository';
import { OrganisationError, OrganisationErrorCode } from './organisation.errors';

export interface NewUnit {
  name: string;
  code?: string | null;
  parentId?: string | null;
}

export interface UnitChanges {
  name?: string;
  code?: string;
  parentId?: string;
  active?: boolean;
}

/** What a move carries along: the unit's subtree (the unit included) and its active members. */
export interface SubtreeSummary {
  units: number;
  members: number;
}

/** A unit as the API shows it. */
export type UnitView = Omit<OrgUnitEntity, 'path'>;

const view = ({ path: _path, ...unit }: OrgUnitEntity): UnitView => unit;

/** The organisation tree: create, read within scope, rename, and move whole subtrees. */
@Injectable()
export class OrgUnitsService {
  private readonly treeListeners: (() => void)[] = [];

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly policy: PolicyService,
    private readonly audit: AuditService,
    private readonly orgUnits: OrgUnitsRepository,
  ) {}

  /** Lets the authenticator drop cached unit paths the moment a subtree moves. */
  onTreeChanged(listener: () => void): void {
    this.treeListeners.push(listener);
  }

  /** Creates a unit under a parent in the caller's scope; a new root needs an admin (or the system). */
  async create(caller: Actor | null, input: NewUnit): Promise<UnitView> {
    return this.db.transaction(async (m) => {
      if (caller && input.parentId) await this.policy.assertUnitInScope(caller, input.parentId, 'parentId', m);
      if (caller && !input.parentId && !caller.roles.includes('admin')) {
        throw new OrganisationError(OrganisationErrorCode.RootRequiresAdmin, 'parentId is required', 'parentId');
      }
      const unit = await this.insert(m, input);
      await this.audit.recordChange(m, caller, {
        action: 'org-unit.create',
        entityType: 'org-unit',
        entityId: unit.id,
        after: view(unit),
      });
      return view(unit);
    });
  }

  /** Units in the caller's scope, by id. */
  async list(actor: Actor, query: { cursor?: string; limit: number }): Promise<Page<UnitView>> {
    const afterId = decodeIdCursor(query.cursor);
    const rows = await this.orgUnits.listVisibleTo(this.policy.scopeOf(actor), { afterId, limit: query.limit });
    const page = pageOf(rows, query.limit);
    return { items: page.items.map(view), nextCursor: page.nextCursor };
  }

  async get(actor: Actor, id: string): Promise<UnitView> {
    await this.policy.assertUnitInScope(actor, id, 'id');
    return view((await this.findById(id)) as OrgUnitEntity);
  }

  /** Renames and/or moves a unit with its whole subtree; a move into its own subtree is refused. */
  async update(caller: Actor | null, id: string, changes: UnitChanges): Promise<UnitView> {
    let moved = false;
    const updated = await this.db.transaction(async (m) => {
      await this.orgUnits.lockTree(m);
      if (caller) await this.policy.assertUnitInScope(caller, id, 'id', m);
      if (caller && changes.parentId) await this.policy.assertUnitInScope(caller, changes.parentId, 'parentId', m);
      const before = await this.require(m, id, 'id');
      // A change that changes nothing writes nothing, not even an audit entry.
      if (changesNothing(before, changes)) return view(before);
      if (changes.code !== undefined) await this.assertCodeFree(m, changes.code, id);
      if (changes.name !== undefined || changes.code !== undefined) {
        await this.orgUnits.rename(m, id, changes.name ?? null, changes.code ?? null);
      }
      if (changes.parentId !== undefined && changes.parentId !== before.parentId) {
        await this.move(m, before, changes.parentId);
        moved = true;
      }
      if (changes.active !== undefined && changes.active !== before.active) {
        await this.setActive(m, (await this.findById(id, m)) as OrgUnitEntity, changes.active);
      }
      const after = (await this.findById(id, m)) as OrgUnitEntity;
      await this.audit.recordChange(m, caller, {
        action: 'org-unit.update',
        entityType: 'org-unit',
        entityId: id,
        before: view(before),
        after: view(after),
      });
      return view(after);
    });
    if (moved) this.treeListeners.forEach((listener) => listener());
    return updated;
  }

  /** What moving the unit would carry along (admins plan a move with it). */
  async subtreeSummary(actor: Actor, id: string): Promise<SubtreeSummary> {
    await this.policy.assertUnitInScope(actor, id, 'id');
    const unit = (await this.findById(id)) as OrgUnitEntity;
    const { units, members } = await this.orgUnits.summariseSubtree(unit.path);
    return { units, members };
  }

  /**
   * Refuses a unit that may not take new members (users created in it or moved to it): it
   * must exist and be active. Callers have checked scope.
   */
  async assertAcceptsMembers(unitId: string, field: string, manager?: EntityManager): Promise<void> {
    // In the caller's transaction the unit stays as read until it commits (a deactivation waits).
    const unit = !isId(unitId) ? null : manager ? await this.orgUnits.lockById(manager, unitId, 'share') : await this.findById(unitId);
    if (unit && !unit.active) {
      throw new OrganisationError(OrganisationErrorCode.UnitInactive, `${field}: the unit is deactivated and takes no new members`, field);
    }
  }

  async findById(id: string, manager?: EntityManager): Promise<OrgUnitEntity | null> {
    if (!isId(id)) return null;
    return this.orgUnits.findById(id, manager);
  }

  findByCode(code: string, manager?: EntityManager): Promise<OrgUnitEntity | null> {
    return this.orgUnits.findByCode(code, manager);
  }

  /** Inserts a unit in the given transaction; callers have checked scope. */
  async insert(m: EntityManager, input: NewUnit): Promise<OrgUnitEntity> {
    await this.orgUnits.lockTree(m);
    const parent = input.parentId ? await this.require(m, input.parentId, 'parentId') : null;
    if (parent && !parent.active) throw inactiveParent();
    const parentPath = parent?.path ?? null;
    await this.assertCodeFree(m, input.code ?? null, null);
    return this.orgUnits.insert(m, {
      name: input.name,
      code: input.code ?? null,
      parentId: input.parentId ?? null,
      parentPath,
    });
  }

  private async move(m: EntityManager, unit: OrgUnitEntity, newParentId: string): Promise<void> {
    const parent = await this.require(m, newParentId, 'parentId');
    if (!parent.active) throw inactiveParent();
    if (await this.orgUnits.isWithin(parent.path, unit.path, m)) {
      throw new OrganisationError(
        OrganisationErrorCode.MoveCreatesCycle,
        'parentId must not be the unit itself or one of its descendants',
        'parentId',
      );
    }
    await this.orgUnits.moveSubtreePaths(m, unit.path, parent.path);
    await this.orgUnits.setParent(m, unit.id, parent.id);
  }

  /**
   * Deactivating keeps the unit and its records but takes it out of use: it must be empty of
   * active members and of active child units first (each is deactivated or moved away), so
   * nobody loses their unit and a unit fan-out finds no one there. Reactivating needs an
   * active parent, so an active unit never sits under a deactivated one.
   */
  private async setActive(m: EntityManager, unit: OrgUnitEntity, active: boolean): Promise<void> {
    if (active) {
      const parent = unit.parentId ? await this.findById(unit.parentId, m) : null;
      if (parent && !parent.active) {
        throw new OrganisationError(OrganisationErrorCode.UnitInactive, 'the parent unit is deactivated: reactivate it first', 'active');
      }
    } else {
      // Members being added to it right now are committed (or refused) before it is counted.
      await this.orgUnits.lockById(m, unit.id, 'update');
      const summary = await this.orgUnits.summariseSubtree(unit.path, m);
      if (summary.activeDescendants > 0) {
        throw new OrganisationError(
          OrganisationErrorCode.UnitHasActiveUnits,
          `the unit has ${summary.activeDescendants} active unit(s) below it: deactivate or move them first`,
          'active',
        );
      }
      if (summary.members > 0) {
        throw new OrganisationError(
          OrganisationErrorCode.UnitHasActiveMembers,
          `the unit has ${summary.members} active member(s): deactivate or move them first`,
          'active',
        );
      }
    }
    await this.orgUnits.setActive(m, unit.id, active);
  }

  private async require(m: EntityManager, id: string, field: string): Promise<OrgUnitEntity> {
    const unit = await this.findById(id, m);
    if (unit) return unit;
    throw new AccessError(AccessErrorCode.NotFound, `${field} does not name a unit you can see`, field);
  }

  private async assertCodeFree(m: EntityManager, code: string | null, exceptId: string | null) {
    if (!code) return;
    const existing = await this.findByCode(code, m);
    if (existing && existing.id !== exceptId) {
      throw new OrganisationError(OrganisationErrorCode.UnitCodeTaken, `code "${code}" is already used`, 'code');
    }
  }
}

function inactiveParent(): OrganisationError {
  return new OrganisationError(OrganisationErrorCode.UnitInactive, 'parentId names a deactivated unit', 'parentId');
}

function changesNothing(unit: OrgUnitEntity, changes: UnitChanges): boolean {
  return (
    (changes.active === undefined || changes.active === unit.active) &&
    (changes.name === undefined || changes.name === unit.name) &&
    (changes.code === undefined || changes.code === unit.code) &&
    (changes.parentId === undefined || changes.parentId === unit.parentId)
  );
}
