import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { UnitScope, unitScopeSql } from '@app/access';
import { ActionType, TargetView } from '@app/contracts';
import { Queryable, selectOne, selectRows } from '@app/persistence';
import { inYearSql } from '@app/stats';

const TARGET_COLUMNS = `t.id, t.year, t.org_unit_id AS "orgUnitId", t.per_member AS "perMember",
  t.action_types AS "actionTypes", t.set_by AS "setBy", t.updated_at AS "updatedAt"`;

/** A target as it is set (created or replaced): its action types already in canonical order. */
export interface TargetRow {
  year: number;
  orgUnitId: string;
  perMember: number;
  actionTypes: ActionType[];
  setBy: string;
}

/** A page of targets by id, optionally of one year. */
export interface TargetPage {
  afterId: string | null;
  /** How many to answer; one more is read to tell whether another page follows. */
  limit: number;
  year: number | null;
}

/** The target in force for a unit: the one set on the nearest unit at or above it. */
export interface TargetInForceRow {
  orgUnitId: string;
  perMember: number;
  actionTypes: ActionType[];
}

/** Which of a member's actions count towards a target. */
export interface MemberActionsQuery {
  userId: string;
  year: number;
  timezone: string;
  /** Null counts every type. */
  actionTypes: ActionType[] | null;
}

/** Yearly targets, and the counts of a member's actions measured against them. */
@Injectable()
export class TargetsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The unit's target for the year, locked (FOR UPDATE) until the caller's transaction ends. */
  lockByYearAndUnit(m: Queryable, year: number, orgUnitId: string): Promise<TargetView | null> {
    return selectOne<TargetView>(
      m,
      `SELECT ${TARGET_COLUMNS} FROM targets t WHERE t.year = $1 AND t.org_unit_id = $2 FOR UPDATE`,
      [year, orgUnitId],
    );
  }

  /** Creates the unit's target for the year, or replaces the one set before. */
  async upsert(m: Queryable, target: TargetRow): Promise<TargetView> {
    const [row] = await selectRows<TargetView>(
      m,
      `INSERT INTO targets AS t (year, org_unit_id, per_member, action_types, set_by)
         VALUES ($1, $2, $3, $4::text[], $5)
         ON CONFLICT (year, org_unit_id) DO UPDATE
           SET per_member = excluded.per_member, action_types = excluded.action_types,
               set_by = excluded.set_by, updated_at = now()
         RETURNING ${TARGET_COLUMNS}`,
      [target.year, target.orgUnitId, target.perMember, target.actionTypes, target.setBy],
    );
    return row;
  }

  /** One page more than asked (`limit + 1` rows), by id, of the targets set on units in scope. */
  listVisibleTo(scope: UnitScope, page: TargetPage, db: Queryable = this.dataSource.manager): Promise<TargetView[]> {
    const filter = unitScopeSql(scope, 'o', 4);
    return selectRows<TargetView>(
      db,
      `SELECT ${TARGET_COLUMNS} FROM targets t JOIN org_units o ON o.id = t.org_unit_id
        WHERE ($1::bigint IS NULL OR t.id > $1) AND ($3::int IS NULL OR t.year = $3) AND ${filter.sql}
        ORDER BY t.id LIMIT $2`,
      [page.afterId, page.limit + 1, page.year, ...filter.params],
    );
  }

  /** The target in force for the unit in the year: the one on the nearest unit at or above it. */
  findInForce(year: number, orgUnitId: string, db: Queryable = this.dataSource.manager): Promise<TargetInForceRow | null> {
    return selectOne<TargetInForceRow>(
      db,
      `SELECT t.org_unit_id::text AS "orgUnitId", t.per_member AS "perMember", t.action_types AS "actionTypes"
           FROM targets t
           JOIN org_units o ON o.id = t.org_unit_id
          WHERE t.year = $1 AND o.path @> (SELECT me.path FROM org_units me WHERE me.id = $2)
          ORDER BY nlevel(o.path) DESC LIMIT 1`,
      [year, orgUnitId],
    );
  }

  /** How many of the member's actions in the year (in the timezone) are of the types. */
  async countMemberActions(query: MemberActionsQuery, db: Queryable = this.dataSource.manager): Promise<number> {
    const [{ actions }] = await selectRows<{ actions: number }>(
      db,
      `SELECT count(*)::int AS actions FROM actions a
          WHERE a.user_id = $1 AND ${inYearSql('a.occurred_at', '$2', '$3')}
            AND ($4::text[] IS NULL OR a.type = ANY($4::text[]))`,
      [query.userId, query.year, query.timezone, query.actionTypes],
    );
    return actions;
  }
}
