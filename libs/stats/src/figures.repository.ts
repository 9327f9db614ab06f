import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Queryable, selectRows } from '@app/persistence';
import { METRIC_FIGURES } from './figure-families';

/** Which records a figure covers: a unit's whole subtree, or the unit's own records only. */
export interface Coverage {
  path: string;
  ownOnly: boolean;
}

// Rows of a unit's subtree, or of the unit alone, in SQL over alias o.
const covered = (c: Coverage, n: number) => (c.ownOnly ? `o.path = $${n}::ltree` : `o.path <@ $${n}::ltree`);

export interface UnitRow {
  id: string;
  name: string;
  path: string;
}

/** What a yearly answer depends on besides the request, and the instant up to which writes are folded in. */
export interface FreshnessRow {
  fingerprint: string;
  asOf: Date;
}

/** A member with their actions in a year. */
export interface LeadingMemberRow {
  userId: string;
  fullName: string;
  orgUnitId: string;
  actions: number;
}

/** One metric's sum over a coverage for a year (null year: members, which hold for every year). */
export interface FigureSumRow {
  year: number | null;
  metric: string;
  value: string;
}

/** The target set for a year on a unit. */
export interface TargetRow {
  perMember: number;
  actionTypes: string[];
  targetOrgUnitId: string;
}

/** How many members meet a target now, and at the current pace by year end. */
export interface TargetStandingRow {
  meeting: number;
  forecast: number;
}

/** One metric's sum over a subtree for a month (YYYY-MM). */
export interface MonthlySumRow {
  month: string;
  metric: keyof typeof METRIC_FIGURES;
  value: string;
}

/** Reads of the figures' aggregates (never of the source rows). */
@Injectable()
export class FiguresRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The fingerprint (figures' version, tree shape, targets, today in the zone) and asOf, from one
   * statement, so one snapshot.
   */
  async findFreshness(timezone: string, db: Queryable = this.dataSource.manager): Promise<FreshnessRow> {
    const [row] = await selectRows<FreshnessRow>(
      db,
      `SELECT (SELECT version FROM figure_state WHERE id = 1)::text || '|' ||
              coalesce((SELECT max(updated_at) FROM org_units)::text, '') || '|' ||
              coalesce((SELECT max(updated_at) FROM targets)::text, '') || '|' ||
              (now() AT TIME ZONE $1)::date::text AS fingerprint,
              coalesce((SELECT created_at FROM figure_changes ORDER BY id LIMIT 1), now()) AS "asOf"`,
      [timezone],
    );
    return row;
  }

  /** Active members of the subtree ranked by actions in the year. */
  listLeadingMembers(path: string, year: number, limit: number, db: Queryable = this.dataSource.manager): Promise<LeadingMemberRow[]> {
    return selectRows<LeadingMemberRow>(
      db,
      `SELECT u.id::text AS "userId", u.full_name AS "fullName", u.org_unit_id::text AS "orgUnitId",
              sum(f.value)::int AS actions
         FROM figure_user_yearly f JOIN users u ON u.id = f.user_id AND u.active
         JOIN org_units o ON o.id = u.org_unit_id
        WHERE f.year = $2 AND o.path <@ $1::ltree
        GROUP BY u.id ORDER BY actions DESC, u.id LIMIT $3`,
      [path, year, limit],
    );
  }

  /** A unit that exists. */
  async findUnit(unitId: string, db: Queryable = this.dataSource.manager): Promise<UnitRow> {
    const [unit] = await selectRows<UnitRow>(db, `SELECT id::text, name, path::text FROM org_units WHERE id = $1`, [unitId]);
    return unit;
  }

  /** The unit's children, by name in Vietnamese order (Đ after D, số 2 before số 10). */
  listChildUnits(unitId: string, db: Queryable = this.dataSource.manager): Promise<UnitRow[]> {
    return selectRows<UnitRow>(db, `SELECT id::text, name, path::text FROM org_units WHERE parent_id = $1 ORDER BY name COLLATE "vi-numeric", id`, [
      unitId,
    ]);
  }

  /** The coverage's yearly sums per metric of the years, its distinct pages reported, and its members. */
  sumFiguresOfYears(c: Coverage, years: number[], db: Queryable = this.dataSource.manager): Promise<FigureSumRow[]> {
    return selectRows<FigureSumRow>(
      db,
      `WITH sub AS (SELECT o.id FROM org_units o WHERE ${covered(c, 1)})
       SELECT f.year, f.metric, sum(f.value)::bigint AS value FROM figure_yearly f
        WHERE f.org_unit_id IN (SELECT id FROM sub) AND f.year = ANY($2::int[]) GROUP BY f.year, f.metric
       UNION ALL
       SELECT p.year, 'pages_reported', count(DISTINCT p.page_case_id) FROM figure_page_sets p
        WHERE p.org_unit_id IN (SELECT id FROM sub) AND p.year = ANY($2::int[]) GROUP BY p.year
       UNION ALL
       SELECT NULL, 'members', coalesce(sum(m.value), 0)::bigint FROM figure_members m WHERE m.org_unit_id IN (SELECT id FROM sub)`,
      [c.path, years],
    );
  }

  /** The target set for the year on the nearest unit at or above the path, or null. */
  async findTargetInForce(path: string, year: number, db: Queryable = this.dataSource.manager): Promise<TargetRow | null> {
    const [target] = await selectRows<TargetRow>(
      db,
      `SELECT t.per_member AS "perMember", t.action_types AS "actionTypes", t.org_unit_id::text AS "targetOrgUnitId"
         FROM targets t JOIN org_units o ON o.id = t.org_unit_id
        WHERE t.year = $2 AND o.path @> $1::ltree ORDER BY nlevel(o.path) DESC LIMIT 1`,
      [path, year],
    );
    return target ?? null;
  }

  /** How many active members of the coverage meet the target, now and at `pace` times their count. */
  async countMembersMeeting(
    c: Coverage,
    year: number,
    target: Pick<TargetRow, 'actionTypes' | 'perMember'>,
    pace: number,
    db: Queryable = this.dataSource.manager,
  ): Promise<TargetStandingRow> {
    const [standing] = await selectRows<TargetStandingRow>(
      db,
      `SELECT count(*) FILTER (WHERE done >= $4)::int AS meeting,
              count(*) FILTER (WHERE done * $5::float8 >= $4)::int AS forecast
         FROM (SELECT f.user_id, sum(f.value) AS done FROM figure_user_yearly f
                 JOIN users u ON u.id = f.user_id AND u.active JOIN org_units o ON o.id = u.org_unit_id
                WHERE f.year = $2 AND f.type = ANY($3::text[]) AND ${covered(c, 1)}
                GROUP BY f.user_id) per_member`,
      [c.path, year, target.actionTypes, target.perMember, pace],
    );
    return standing;
  }

  /** The subtree's monthly sums per metric of the year. */
  sumMonthsOfYear(path: string, year: number, db: Queryable = this.dataSource.manager): Promise<MonthlySumRow[]> {
    return selectRows<MonthlySumRow>(
      db,
      `SELECT to_char(f.month, 'YYYY-MM') AS month, f.metric, sum(f.value)::bigint AS value
         FROM figure_monthly f JOIN org_units o ON o.id = f.org_unit_id
        WHERE o.path <@ $1::ltree AND f.month >= make_date($2::int, 1, 1) AND f.month < make_date($2::int + 1, 1, 1)
        GROUP BY 1, 2`,
      [path, year],
    );
  }
}
