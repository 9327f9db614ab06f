import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { changeRows, execute, Queryable, selectOne, selectRows } from '@app/persistence';
import { FigureFamily } from './figure-changes';
import { dateInYearSql, inYearSql } from './year-range';

/** One change row taken off figure_changes by a fold. */
export interface FigureChangeRow {
  unit: string;
  day: string;
  family: FigureFamily;
}

/** A (unit, day) whose stored daily figures differ from what the source rows give. */
export interface WrongDayRow {
  unit: string;
  day: string;
}

/** A (unit, year, metric) whose yearly figure is not the sum of its days. */
export interface WrongYearRow {
  unit: string;
  year: number;
  metric: string;
}

/** A unit whose member count differs from its active users. */
export interface WrongMembersRow {
  unit: string;
}

/**
 * The figures' aggregates (figure_daily, _monthly, _yearly, _page_sets, _user_yearly, _members,
 * figure_state) and the change queue that feeds them. The folds are set-based statements over
 * the source tables (ADR 016's documented exception), so each stays one statement.
 * Family SQL (`familySql`) is a {@link FAMILY_DEFINITIONS} daily query: $1 units, $2 days, $3 zone.
 */
@Injectable()
export class FigureFoldsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Milliseconds since the newest change waiting to be folded; null when none waits. */
  async findNewestChangeAge(db: Queryable = this.dataSource.manager): Promise<number | null> {
    const row = await selectOne<{ age: number }>(
      db,
      `SELECT (extract(epoch FROM clock_timestamp() - created_at) * 1000)::float8 AS age
         FROM figure_changes ORDER BY id DESC LIMIT 1`,
    );
    return row ? row.age : null;
  }

  /** The ids of every unit. */
  async listUnitIds(db: Queryable = this.dataSource.manager): Promise<string[]> {
    const [{ units }] = await selectRows<{ units: string[] }>(
      db,
      `SELECT coalesce(array_agg(id::text), '{}') AS units FROM org_units`,
    );
    return units;
  }

  /** Every day of the year, as YYYY-MM-DD. */
  async listDaysOfYear(year: number, db: Queryable = this.dataSource.manager): Promise<string[]> {
    const [{ days }] = await selectRows<{ days: string[] }>(
      db,
      `SELECT array_agg(to_char(d, 'YYYY-MM-DD')) AS days
           FROM generate_series(make_date($1::int, 1, 1), make_date($1::int, 12, 31), '1 day') d`,
      [year],
    );
    return days;
  }

  /** The last `days` days up to today in the zone, as YYYY-MM-DD, oldest first. */
  async listRecentDays(timezone: string, days: number, db: Queryable = this.dataSource.manager): Promise<string[]> {
    const rows = await selectRows<{ day: string }>(
      db,
      `SELECT to_char(d, 'YYYY-MM-DD') AS day
         FROM generate_series((now() AT TIME ZONE $1)::date - $2::int, (now() AT TIME ZONE $1)::date, '1 day') d`,
      [timezone, days],
    );
    return rows.map((w) => w.day);
  }

  // ---- rebuilding a whole year ----

  async deleteDailyOfYear(m: Queryable, year: number): Promise<void> {
    await execute(m, `DELETE FROM figure_daily WHERE ${dateInYearSql('day', '$1')}`, [year]);
  }

  async deleteMonthlyOfYear(m: Queryable, year: number): Promise<void> {
    await execute(m, `DELETE FROM figure_monthly WHERE ${dateInYearSql('month', '$1')}`, [year]);
  }

  async deleteYearlyOfYear(m: Queryable, year: number): Promise<void> {
    await execute(m, `DELETE FROM figure_yearly WHERE year = $1`, [year]);
  }

  /** Inserts the family's non-zero daily figures of the units and days, computed from the source rows. */
  async foldDaily(m: Queryable, familySql: string, units: string[], days: string[], timezone: string): Promise<void> {
    await execute(
      m,
      `INSERT INTO figure_daily (org_unit_id, day, metric, value)
           SELECT org_unit_id, day, metric, value FROM (${familySql}) fresh WHERE value <> 0`,
      [units, days, timezone],
    );
  }

  /** Sums the year's daily figures into its months. */
  async rollUpMonthsOfYear(m: Queryable, year: number): Promise<void> {
    await execute(
      m,
      `INSERT INTO figure_monthly (org_unit_id, month, metric, value)
         SELECT org_unit_id, date_trunc('month', day)::date, metric, sum(value) FROM figure_daily WHERE ${dateInYearSql('day', '$1')} GROUP BY 1, 2, 3`,
      [year],
    );
  }

  /** Sums the year's daily figures into the year. */
  async rollUpYearOfYear(m: Queryable, year: number): Promise<void> {
    await execute(
      m,
      `INSERT INTO figure_yearly (org_unit_id, year, metric, value)
         SELECT org_unit_id, $1, metric, sum(value) FROM figure_daily WHERE ${dateInYearSql('day', '$1')} GROUP BY 1, 3`,
      [year],
    );
  }

  async deleteUserYearlyOfYear(m: Queryable, year: number): Promise<void> {
    await execute(m, `DELETE FROM figure_user_yearly WHERE year = $1`, [year]);
  }

  /** Counts every user's actions of the year, per unit and type, from the source rows. */
  async foldUserYearlyOfYear(m: Queryable, year: number, timezone: string): Promise<void> {
    await execute(
      m,
      `INSERT INTO figure_user_yearly (user_id, org_unit_id, year, type, value)
         SELECT user_id, org_unit_id, $1, type, count(*) FROM actions
          WHERE ${inYearSql('occurred_at', '$1', '$2')}
          GROUP BY user_id, org_unit_id, type`,
      [year, timezone],
    );
  }

  async deleteAllMembers(m: Queryable): Promise<void> {
    await execute(m, `DELETE FROM figure_members`);
  }

  /** Counts every unit's active users. */
  async foldAllMembers(m: Queryable): Promise<void> {
    await execute(
      m,
      `INSERT INTO figure_members (org_unit_id, value) SELECT org_unit_id, count(*) FROM users WHERE active GROUP BY org_unit_id`,
    );
  }

  /** Tells readers that cached figures may no longer hold (taken last in a fold's transaction). */
  async bumpVersion(m: Queryable): Promise<void> {
    await execute(m, `UPDATE figure_state SET version = version + 1 WHERE id = 1`);
  }

  // ---- reconciliation probes and requeues ----

  /** The (unit, day)s of the days whose stored daily figures of the family's metrics differ from the source rows. */
  listWrongDays(
    familySql: string,
    metrics: string[],
    units: string[],
    days: string[],
    timezone: string,
    db: Queryable = this.dataSource.manager,
  ): Promise<WrongDayRow[]> {
    return selectRows<WrongDayRow>(
      db,
      `WITH expected AS (${familySql}),
              stored AS (SELECT org_unit_id, day, metric, value FROM figure_daily
                          WHERE org_unit_id = ANY($1::bigint[]) AND day = ANY($2::date[]) AND metric = ANY($4::text[]))
         SELECT DISTINCT coalesce(e.org_unit_id, s.org_unit_id)::text AS unit, to_char(coalesce(e.day, s.day), 'YYYY-MM-DD') AS day
           FROM (SELECT * FROM expected WHERE value <> 0) e
           FULL JOIN stored s ON s.org_unit_id = e.org_unit_id AND s.day = e.day AND s.metric = e.metric
          WHERE e.value IS DISTINCT FROM s.value`,
      [units, days, timezone, metrics],
    );
  }

  /** Queues the (unit, day) buckets of one family to be folded again. */
  async requeueDays(m: Queryable, buckets: WrongDayRow[], family: string): Promise<void> {
    await execute(
      m,
      `INSERT INTO figure_changes (org_unit_id, day, family)
         SELECT unit, day, $3 FROM unnest($1::bigint[], $2::date[]) AS w(unit, day)`,
      [buckets.map((w) => w.unit), buckets.map((w) => w.day), family],
    );
  }

  /** The yearly figures of the years (survey units aside) that are not the sums of their days. */
  listWrongYears(years: number[], db: Queryable = this.dataSource.manager): Promise<WrongYearRow[]> {
    return selectRows<WrongYearRow>(
      db,
      `WITH summed AS (SELECT org_unit_id, extract(year FROM day)::int AS year, metric, sum(value) AS value
                         FROM figure_daily WHERE extract(year FROM day)::int = ANY($1::int[]) GROUP BY 1, 2, 3),
            stored AS (SELECT org_unit_id, year, metric, value FROM figure_yearly
                        WHERE year = ANY($1::int[]) AND metric <> 'survey_units')
       SELECT DISTINCT coalesce(s.org_unit_id, y.org_unit_id)::text AS unit, coalesce(s.year, y.year) AS year,
              coalesce(s.metric, y.metric) AS metric
         FROM summed s FULL JOIN stored y ON y.org_unit_id = s.org_unit_id AND y.year = s.year AND y.metric = s.metric
        WHERE s.value IS DISTINCT FROM y.value`,
      [years],
    );
  }

  /** Queues (unit, year, family) buckets to be folded again, on each year's first day. */
  async requeueYears(m: Queryable, units: string[], years: number[], families: string[]): Promise<void> {
    await execute(
      m,
      `INSERT INTO figure_changes (org_unit_id, day, family)
       SELECT unit, make_date(year, 1, 1), family FROM unnest($1::bigint[], $2::int[], $3::text[]) AS w(unit, year, family)`,
      [units, years, families],
    );
  }

  /** The units whose stored member count differs from their active users. */
  listWrongMemberUnits(db: Queryable = this.dataSource.manager): Promise<WrongMembersRow[]> {
    return selectRows<WrongMembersRow>(
      db,
      `SELECT o.id::text AS unit FROM org_units o
         LEFT JOIN (SELECT org_unit_id, count(*) AS n FROM users WHERE active GROUP BY org_unit_id) live ON live.org_unit_id = o.id
         LEFT JOIN figure_members f ON f.org_unit_id = o.id
        WHERE coalesce(live.n, 0) <> coalesce(f.value, 0)`,
    );
  }

  /** Queues the units' member counts to be folded again, on today in the zone. */
  async requeueMembers(m: Queryable, units: string[], timezone: string): Promise<void> {
    await execute(
      m,
      `INSERT INTO figure_changes (org_unit_id, day, family)
       SELECT unit, (now() AT TIME ZONE $2)::date, 'members' FROM unnest($1::bigint[]) AS w(unit)`,
      [units, timezone],
    );
  }

  // ---- folding a batch of changes ----

  /** Deletes and answers up to `limit` of the oldest change rows, skipping those another fold holds. */
  async takeChanges(m: Queryable, limit: number): Promise<FigureChangeRow[]> {
    const { rows } = await changeRows<FigureChangeRow>(
      m,
      `DELETE FROM figure_changes WHERE id IN (
         SELECT id FROM figure_changes ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING org_unit_id::text AS unit, to_char(day, 'YYYY-MM-DD') AS day, family`,
      [limit],
    );
    return rows;
  }

  /** Holds the bucket's advisory lock until the caller's transaction ends. */
  async lockBucket(m: Queryable, key: string): Promise<void> {
    await execute(m, `SELECT pg_advisory_xact_lock(hashtextextended($1, 7301))`, [key]);
  }

  async deleteDailyOfUnit(m: Queryable, unit: string, days: string[], metrics: string[]): Promise<void> {
    await execute(m, `DELETE FROM figure_daily WHERE org_unit_id = $1 AND day = ANY($2::date[]) AND metric = ANY($3::text[])`, [
      unit,
      days,
      metrics,
    ]);
  }

  async deleteMonthlyOfUnit(m: Queryable, unit: string, months: string[], metrics: string[]): Promise<void> {
    await execute(m, `DELETE FROM figure_monthly WHERE org_unit_id = $1 AND month = ANY($2::date[]) AND metric = ANY($3::text[])`, [
      unit,
      months,
      metrics,
    ]);
  }

  /** Sums the unit's daily figures of the metrics into the months (first days, of the year). */
  async rollUpMonthsOfUnit(m: Queryable, unit: string, metrics: string[], months: string[], year: number): Promise<void> {
    await execute(
      m,
      `INSERT INTO figure_monthly (org_unit_id, month, metric, value)
       SELECT org_unit_id, date_trunc('month', day)::date, metric, sum(value) FROM figure_daily
        WHERE org_unit_id = $1 AND date_trunc('month', day)::date = ANY($3::date[]) AND metric = ANY($2::text[])
          AND ${dateInYearSql('day', '$4')}
        GROUP BY 1, 2, 3`,
      [unit, metrics, months, year],
    );
  }

  async deleteYearlyOfUnit(m: Queryable, unit: string, year: number, metrics: string[]): Promise<void> {
    await execute(m, `DELETE FROM figure_yearly WHERE org_unit_id = $1 AND year = $2 AND metric = ANY($3::text[])`, [
      unit,
      year,
      metrics,
    ]);
  }

  /** Sums the unit's daily figures of the metrics into the year. */
  async rollUpYearOfUnit(m: Queryable, unit: string, metrics: string[], year: number): Promise<void> {
    await execute(
      m,
      `INSERT INTO figure_yearly (org_unit_id, year, metric, value)
       SELECT org_unit_id, $3, metric, sum(value) FROM figure_daily
        WHERE org_unit_id = $1 AND metric = ANY($2::text[])
          AND ${dateInYearSql('day', '$3')}
        GROUP BY org_unit_id, metric`,
      [unit, metrics, year],
    );
  }

  async deletePageSetsOfUnit(m: Queryable, unit: string, year: number): Promise<void> {
    await execute(m, `DELETE FROM figure_page_sets WHERE org_unit_id = $1 AND year = $2`, [unit, year]);
  }

  /** The distinct pages the unit's reports of the year name, from the source rows. */
  async foldPageSetsOfUnit(m: Queryable, unit: string, year: number, timezone: string): Promise<void> {
    await execute(
      m,
      `INSERT INTO figure_page_sets (org_unit_id, year, page_case_id)
         SELECT DISTINCT $1::bigint, $2::int, r.page_case_id FROM reports r
          WHERE r.org_unit_id = $1 AND r.page_case_id IS NOT NULL
            AND ${inYearSql('r.created_at', '$2', '$3')}`,
      [unit, year, timezone],
    );
  }

  async deleteSurveyUnitOfUnit(m: Queryable, unit: string, year: number): Promise<void> {
    await execute(m, `DELETE FROM figure_yearly WHERE org_unit_id = $1 AND year = $2 AND metric = 'survey_units'`, [unit, year]);
  }

  /** Counts the unit as a survey unit of the year when it has a questionnaire of a survey starting then. */
  async foldSurveyUnitOfUnit(m: Queryable, unit: string, year: number): Promise<void> {
    await execute(
      m,
      `INSERT INTO figure_yearly (org_unit_id, year, metric, value)
         SELECT $1, $2, 'survey_units', 1 WHERE EXISTS (
           SELECT 1 FROM questionnaires q JOIN surveys s ON s.id = q.survey_id
            WHERE q.org_unit_id = $1 AND ${dateInYearSql('s.starts_on', '$2')})`,
      [unit, year],
    );
  }

  /** The ids of the people who acted in the unit on the days (in the zone). */
  async listActorsOnDays(unit: string, days: string[], timezone: string, db: Queryable = this.dataSource.manager): Promise<string[]> {
    const [people] = await selectRows<{ ids: string[] }>(
      db,
      `SELECT coalesce(array_agg(DISTINCT a.user_id), '{}') AS ids FROM unnest($2::date[]) d(day)
           JOIN actions a ON a.org_unit_id = $1
                         AND a.occurred_at >= d.day::timestamp AT TIME ZONE $3
                         AND a.occurred_at < (d.day + 1)::timestamp AT TIME ZONE $3`,
      [unit, days, timezone],
    );
    return people.ids;
  }

  async deleteUserYearlyOfUsers(m: Queryable, unit: string, year: number, userIds: string[]): Promise<void> {
    await execute(m, `DELETE FROM figure_user_yearly WHERE org_unit_id = $1 AND year = $2 AND user_id = ANY($3::bigint[])`, [
      unit,
      year,
      userIds,
    ]);
  }

  /**
   * Counts the users' actions of the year in the unit, per type. Per person through LATERAL,
   * so each count walks that person's own index range rather than every action of a busy unit's year.
   */
  async foldUserYearlyOfUsers(m: Queryable, unit: string, year: number, timezone: string, userIds: string[]): Promise<void> {
    await execute(
      m,
      `INSERT INTO figure_user_yearly (user_id, org_unit_id, year, type, value)
         SELECT p.id, $1, $2, n.type, n.value FROM unnest($4::bigint[]) p(id)
          CROSS JOIN LATERAL (
            SELECT a.type, count(*) AS value FROM actions a
             WHERE a.user_id = p.id AND a.org_unit_id = $1 AND ${inYearSql('a.occurred_at', '$2', '$3')}
             GROUP BY a.type) n`,
      [unit, year, timezone, userIds],
    );
  }

  /** Sets the unit's member count to its active users. */
  async foldMembersOfUnit(m: Queryable, unit: string): Promise<void> {
    await execute(
      m,
      `INSERT INTO figure_members (org_unit_id, value)
       SELECT $1, count(*) FROM users WHERE org_unit_id = $1 AND active
       ON CONFLICT (org_unit_id) DO UPDATE SET value = EXCLUDED.value`,
      [unit],
    );
  }
}
