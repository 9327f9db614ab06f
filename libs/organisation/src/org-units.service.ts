import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccessError, AccessErrorCode, Actor, PolicyService, unitScopeSql } from '@app/access';
import { AuditService } from '@app/audit';
import { decodeIdCursor, isId, Page, pageOf } from '@app/contracts';
import { OrgUnitEntity } from './entities/org-unit.entity';
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
}

/** A unit as the API shows it. */
export type UnitView = Omit<OrgUnitEntity, 'path'>;

const UNIT_COLUMNS = `u.id, u.name, u.code, u.parent_id AS "parentId", u.path::text AS path,
  u.created_at AS "createdAt", u.updated_at AS "updatedAt"`;

// Tree edits take this lock so concurrent moves cannot interleave into a cycle.
const TREE_LOCK = 7_301_001;

const view = ({ path: _path, ...unit }: OrgUnitEntity): UnitView => unit;

/** The organisation tree: create, read within scope, rename, and move whole subtrees. */
@Injectable()
export class OrgUnitsService {
  private readonly treeListeners: (() => void)[] = [];

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly policy: PolicyService,
    private readonly audit: AuditService,
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
      await this.recordAudit(m, caller, 'org-unit.create', unit.id, undefined, view(unit));
      return view(unit);
    });
  }

  /** Units in the caller's scope, by id. */
  async list(actor: Actor, query: { cursor?: string; limit: number }): Promise<Page<UnitView>> {
    const afterId = decodeIdCursor(query.cursor);
    const filter = unitScopeSql(this.policy.scopeOf(actor), 'u', 3);
    const rows = (await this.db.query(
      `SELECT ${UNIT_COLUMNS} FROM org_units u
        WHERE ($1::bigint IS NULL OR u.id > $1) AND ${filter.sql}
        ORDER BY u.id LIMIT $2`,
      [afterId, query.limit + 1, ...filter.params],
    )) as OrgUnitEntity[];
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
      await m.query('SELECT pg_advisory_xact_lock($1)', [TREE_LOCK]);
      if (caller) await this.policy.assertUnitInScope(caller, id, 'id', m);
      if (caller && changes.parentId) await this.policy.assertUnitInScope(caller, changes.parentId, 'parentId', m);
      const before = await this.require(m, id, 'id');
      // A change that changes nothing writes nothing, not even an audit entry.
      if (changesNothing(before, changes)) return view(before);
      if (changes.code !== undefined) await this.assertCodeFree(m, changes.code, id);
      if (changes.name !== undefined || changes.code !== undefined) {
        await m.query(
          `UPDATE org_units SET name = coalesce($2, name), code = coalesce($3, code), updated_at = now() WHERE id = $1`,
          [id, changes.name ?? null, changes.code ?? null],
        );
      }
      if (changes.parentId !== undefined && changes.parentId !== before.parentId) {
        await this.move(m, before, changes.parentId);
        moved = true;
      }
      const after = (await this.findById(id, m)) as OrgUnitEntity;
      await this.recordAudit(m, caller, 'org-unit.update', id, view(before), view(after));
      return view(after);
    });
    if (moved) this.treeListeners.forEach((listener) => listener());
    return updated;
  }

  async findById(id: string, manager: EntityManager = this.db.manager): Promise<OrgUnitEntity | null> {
    if (!isId(id)) return null;
    const rows = (await manager.query(`SELECT ${UNIT_COLUMNS} FROM org_units u WHERE u.id = $1`, [id])) as OrgUnitEntity[];
    return rows[0] ?? null;
  }

  async findByCode(code: string, manager: EntityManager = this.db.manager): Promise<OrgUnitEntity | null> {
    const rows = (await manager.query(`SELECT ${UNIT_COLUMNS} FROM org_units u WHERE lower(u.code) = lower($1)`, [
      code,
    ])) as OrgUnitEntity[];
    return rows[0] ?? null;
  }

  /** Inserts a unit in the given transaction; callers have checked scope. */
  async insert(m: EntityManager, input: NewUnit): Promise<OrgUnitEntity> {
    await m.query('SELECT pg_advisory_xact_lock($1)', [TREE_LOCK]);
    const parentPath = input.parentId ? (await this.require(m, input.parentId, 'parentId')).path : null;
    await this.assertCodeFree(m, input.code ?? null, null);
    const [row] = (await m.query(
      `WITH next AS (SELECT nextval(pg_get_serial_sequence('org_units', 'id')) AS id)
       INSERT INTO org_units AS u (id, name, code, parent_id, path)
       SELECT next.id, $1, $2, $3,
              CASE WHEN $4::ltree IS NULL THEN text2ltree(next.id::text) ELSE $4::ltree || next.id::text END
         FROM next
       RETURNING ${UNIT_COLUMNS}`,
      [input.name, input.code ?? null, input.parentId ?? null, parentPath],
    )) as OrgUnitEntity[];
    return row;
  }

  private async move(m: EntityManager, unit: OrgUnitEntity, newParentId: string): Promise<void> {
    const parent = await this.require(m, newParentId, 'parentId');
    const [{ cycle }] = (await m.query(`SELECT $1::ltree <@ $2::ltree AS cycle`, [parent.path, unit.path])) as {
      cycle: boolean;
    }[];
    if (cycle) {
      throw new OrganisationError(
        OrganisationErrorCode.MoveCreatesCycle,
        'parentId must not be the unit itself or one of its descendants',
        'parentId',
      );
    }
    await m.query(
      `UPDATE org_units SET path = $2::ltree || subpath(path, nlevel($1::ltree) - 1), updated_at = now()
        WHERE path <@ $1::ltree`,
      [unit.path, parent.path],
    );
    await m.query(`UPDATE org_units SET parent_id = $2 WHERE id = $1`, [unit.id, parent.id]);
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

  private recordAudit(m: EntityManager, caller: Actor | null, action: string, id: string, before: unknown, after: unknown) {
    return this.audit.record(m, {
      actorId: caller?.id ?? null,
      actorRoles: caller?.roles,
      action,
      entityType: 'org-unit',
      entityId: id,
      before,
      after,
      requestId: caller?.requestId,
    });
  }
}

function changesNothing(unit: OrgUnitEntity, changes: UnitChanges): boolean {
  return (
    (changes.name === undefined || changes.name === unit.name) &&
    (changes.code === undefined || changes.code === unit.code) &&
    (changes.parentId === undefined || changes.parentId === unit.parentId)
  );
}
