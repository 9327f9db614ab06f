import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Queryable, selectOne } from '@app/persistence';
import { UnitScope, unitScopeSql } from './unit-scope';

/** A unit a policy check found in scope: services use it instead of reading the unit again. */
export interface ScopedUnit {
  id: string;
  name: string;
  /** ltree path, as text. */
  path: string;
}

/**
 * The two reads of `org_units` that the scope rule itself is made of. organisation owns the
 * table but imports access, so access cannot ask organisation's repository; these stay here,
 * read-only, as the one documented exception (docs/structure-inventory.md §2).
 */
@Injectable()
export class UnitTreeRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The unit, when it exists and lies inside the scope; null otherwise. */
  findInScope(scope: UnitScope, unitId: string, db: Queryable = this.dataSource.manager): Promise<ScopedUnit | null> {
    const filter = unitScopeSql(scope, 'u', 2);
    return selectOne<ScopedUnit>(
      db,
      `SELECT u.id::text AS id, u.name, u.path::text AS path FROM org_units u WHERE u.id = $1 AND ${filter.sql}`,
      [unitId, ...filter.params],
    );
  }

  /** The id of the top unit of the unit's tree, or null for an unknown unit. */
  async findRootIdOf(unitId: string, db: Queryable = this.dataSource.manager): Promise<string | null> {
    const row = await selectOne<{ id: string }>(
      db,
      `SELECT r.id::text AS id FROM org_units u JOIN org_units r ON r.path = subpath(u.path, 0, 1) WHERE u.id = $1`,
      [unitId],
    );
    return row?.id ?? null;
  }
}
