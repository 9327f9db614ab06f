import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { UnitScope, unitScopeSql } from '@app/access';
import { execute, Queryable, selectOne, selectRows } from '@app/persistence';
import { OrgUnitEntity } from './entities/org-unit.entity';

/** The columns of an {@link OrgUnitEntity}, on alias `u`. */
const UNIT_COLUMNS = `u.id, u.name, u.code, u.parent_id AS "parentId", u.path::text AS path,
  u.active, u.deactivated_at AS "deactivatedAt", u.created_at AS "createdAt", u.updated_at AS "updatedAt"`;

// Tree edits take this lock so concurrent moves cannot interleave into a cycle.
const TREE_LOCK = 7_301_001;

/** A unit as it is inserted; `parentPath` is the parent's path, null for a new root. */
export interface NewUnitRow {
  name: string;
  code: string | null;
  parentId: string | null;
  parentPath: string | null;
}

/** Counts of a subtree: every unit (the top one included), active units below the top, active members. */
export interface SubtreeSummaryRow {
  units: number;
  activeDescendants: number;
  members: number;
}

/** A page of units by id: after `afterId`, `limit` of them (one more is read to tell whether another page follows). */
export interface UnitPage {
  afterId: string | null;
  limit: number;
}

/** The organisation tree. */
@Injectable()
export class OrgUnitsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Holds the tree lock until the caller's transaction ends. */
  async lockTree(m: Queryable): Promise<void> {
    await execute(m, 'SELECT pg_advisory_xact_lock($1)', [TREE_LOCK]);
  }

  listVisibleTo(scope: UnitScope, page: UnitPage, db: Queryable = this.dataSource.manager): Promise<OrgUnitEntity[]> {
    const filter = unitScopeSql(scope, 'u', 3);
    return selectRows<OrgUnitEntity>(
      db,
      `SELECT ${UNIT_COLUMNS} FROM org_units u
        WHERE ($1::bigint IS NULL OR u.id > $1) AND ${filter.sql}
        ORDER BY u.id LIMIT $2`,
      [page.afterId, page.limit + 1, ...filter.params],
    );
  }

  findById(id: string, db: Queryable = this.dataSource.manager): Promise<OrgUnitEntity | null> {
    return selectOne<OrgUnitEntity>(db, `SELECT ${UNIT_COLUMNS} FROM org_units u WHERE u.id = $1`, [id]);
  }

  /**
   * The unit, its row locked until the caller's transaction ends: `update` while deactivating
   * it, `share` while adding a member to it. The two wait for each other, so a member is never
   * added to a unit that is being emptied and deactivated at the same moment.
   */
  lockById(m: Queryable, id: string, mode: 'update' | 'share'): Promise<OrgUnitEntity | null> {
    return selectOne<OrgUnitEntity>(m, `SELECT ${UNIT_COLUMNS} FROM org_units u WHERE u.id = $1 ${mode === 'update' ? 'FOR UPDATE' : 'FOR SHARE'}`, [id]);
  }

  /** The unit with this code, compared case-insensitively. */
  findByCode(code: string, db: Queryable = this.dataSource.manager): Promise<OrgUnitEntity | null> {
    return selectOne<OrgUnitEntity>(db, `SELECT ${UNIT_COLUMNS} FROM org_units u WHERE lower(u.code) = lower($1)`, [code]);
  }

  /** The first root of the tree, or null while the tree is empty. */
  async findFirstRootId(db: Queryable = this.dataSource.manager): Promise<string | null> {
    const root = await selectOne<{ id: string }>(db, `SELECT id FROM org_units WHERE parent_id IS NULL ORDER BY id LIMIT 1`);
    return root?.id ?? null;
  }

  /** Whether `path` lies at or below `ancestorPath`. */
  async isWithin(path: string, ancestorPath: string, db: Queryable = this.dataSource.manager): Promise<boolean> {
    const [{ cycle }] = await selectRows<{ cycle: boolean }>(db, `SELECT $1::ltree <@ $2::ltree AS cycle`, [
      path,
      ancestorPath,
    ]);
    return cycle;
  }

  /** Inserts the unit with its path (the parent's path and its own new id). */
  async insert(m: Queryable, unit: NewUnitRow): Promise<OrgUnitEntity> {
    const [row] = await selectRows<OrgUnitEntity>(
      m,
      `WITH next AS (SELECT nextval(pg_get_serial_sequence('org_units', 'id')) AS id)
       INSERT INTO org_units AS u (id, name, code, parent_id, path)
       SELECT next.id, $1, $2, $3,
              CASE WHEN $4::ltree IS NULL THEN text2ltree(next.id::text) ELSE $4::ltree || next.id::text END
         FROM next
       RETURNING ${UNIT_COLUMNS}`,
      [unit.name, unit.code, unit.parentId, unit.parentPath],
    );
    return row;
  }

  /** Sets the name and/or code; a null leaves that column as it is. */
  async rename(m: Queryable, id: string, name: string | null, code: string | null): Promise<void> {
    await execute(
      m,
      `UPDATE org_units SET name = coalesce($2, name), code = coalesce($3, code), updated_at = now() WHERE id = $1`,
      [id, name, code],
    );
  }

  /** Re-roots every path of the subtree at `fromPath` under `toParentPath`. */
  async moveSubtreePaths(m: Queryable, fromPath: string, toParentPath: string): Promise<void> {
    await execute(
      m,
      `UPDATE org_units SET path = $2::ltree || subpath(path, nlevel($1::ltree) - 1), updated_at = now()
        WHERE path <@ $1::ltree`,
      [fromPath, toParentPath],
    );
  }

  /** Activates or deactivates one unit (never its subtree: the service checks the subtree first). */
  async setActive(m: Queryable, id: string, active: boolean): Promise<void> {
    await execute(
      m,
      `UPDATE org_units SET active = $2, deactivated_at = CASE WHEN $2 THEN NULL ELSE now() END, updated_at = now()
        WHERE id = $1`,
      [id, active],
    );
  }

  /** What the subtree at `path` holds: its units (itself included) and its active members. */
  async summariseSubtree(path: string, db: Queryable = this.dataSource.manager): Promise<SubtreeSummaryRow> {
    const [row] = await selectRows<SubtreeSummaryRow>(
      db,
      `SELECT (SELECT count(*)::int FROM org_units WHERE path <@ $1::ltree) AS units,
              (SELECT count(*)::int FROM org_units WHERE path <@ $1::ltree AND path <> $1::ltree AND active) AS "activeDescendants",
              (SELECT count(*)::int FROM users us JOIN org_units o ON o.id = us.org_unit_id
                WHERE o.path <@ $1::ltree AND us.active) AS members`,
      [path],
    );
    return row;
  }

  async setParent(m: Queryable, id: string, parentId: string): Promise<void> {
    await execute(m, `UPDATE org_units SET parent_id = $2 WHERE id = $1`, [id, parentId]);
  }
}
