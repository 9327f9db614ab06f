import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@app/config';
import { FigureFamily } from './figure-changes';
import { FAMILY_DEFINITIONS } from './figure-families';
import { dateInYearSql, inYearSql } from './year-range';

/** The buckets of one unit, year and family that a batch of changes touched. */
interface Bucket {
  key: string;
  unit: string;
  year: number;
  family: FigureFamily;
  days: string[];
}

const CHANGES_PER_BATCH = 5000;

/**
 * Folds figure_changes into the aggregates. Each batch of change rows is taken with
 * SKIP LOCKED (several workers share the work), and deleted in the same transaction that
 * recomputes the touched buckets from their source rows, so a crash leaves the changes to
 * be taken again and a duplicate run recomputes the same values: exact by construction.
 * Buckets are serialised per (unit, year, family) by advisory locks taken in key order.
 */
@Injectable()
export class FiguresRefresher {
  private readonly logger = new Logger(FiguresRefresher.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Folds pending changes until none are left (or maxBatches ran); returns the change rows consumed. */
  async drain(maxBatches = 50): Promise<number> {
    let consumed = 0;
    for (let batch = 0; batch < maxBatches; batch++) {
      const count = await this.db.transaction((m) => this.foldBatch(m));
      consumed += count;
      if (count < CHANGES_PER_BATCH) break;
    }
    return consumed;
  }

  /** Milliseconds since the newest change waiting to be folded; null when none waits. */
  async newestChangeAge(): Promise<number | null> {
    const [row] = (await this.db.query(
      `SELECT (extract(epoch FROM clock_timestamp() - created_at) * 1000)::float8 AS age
         FROM figure_changes ORDER BY id DESC LIMIT 1`,
    )) as { age: number }[];
    return row ? row.age : null;
  }

  /**
   * Rebuilds every aggregate of one year from the source rows in a few set-based
   * statements (after a bulk load, or to start over). Pending changes for that year are
   * folded by the next drain as usual; running both is harmless.
   */
  async rebuildYear(year: number): Promise<void> {
    const tz = this.config.orgTimezone;
    await this.db.transaction(async (m) => {
      const [{ units }] = (await m.query(`SELECT coalesce(array_agg(id::text), '{}') AS units FROM org_units`)) as {
        units: string[];
      }[];
      const [{ days }] = (await m.query(
        `SELECT array_agg(to_char(d, 'YYYY-MM-DD')) AS days
           FROM generate_series(make_date($1::int, 1, 1), make_date($1::int, 12, 31), '1 day') d`,
        [year],
      )) as { days: string[] }[];
      const inYear = dateInYearSql('day', '$1');
      await m.query(`DELETE FROM figure_daily WHERE ${inYear}`, [year]);
      await m.query(`DELETE FROM figure_monthly WHERE ${dateInYearSql('month', '$1')}`, [year]);
      await m.query(`DELETE FROM figure_yearly WHERE year = $1`, [year]);
      for (const definition of Object.values(FAMILY_DEFINITIONS)) {
        if (!definition.daily) continue;
        await m.query(
          `INSERT INTO figure_daily (org_unit_id, day, metric, value)
           SELECT org_unit_id, day, metric, value FROM (${definition.daily}) fresh WHERE value <> 0`,
          [units, days, tz],
        );
      }
      await m.query(
        `INSERT INTO figure_monthly (org_unit_id, month, metric, value)
         SELECT org_unit_id, date_trunc('month', day)::date, metric, sum(value) FROM figure_daily WHERE ${inYear} GROUP BY 1, 2, 3`,
        [year],
      );
      await m.query(
        `INSERT INTO figure_yearly (org_unit_id, year, metric, value)
         SELECT org_unit_id, $1, metric, sum(value) FROM figure_daily WHERE ${inYear} GROUP BY 1, 3`,
        [year],
      );
      for (const unit of units) {
        for (const family of ['reports', 'questionnaires'] as const) {
          await this.recomputeYearExtras(m, { key: '', unit, year, family, days: [] });
        }
      }
      await m.query(`DELETE FROM figure_user_yearly WHERE year = $1`, [year]);
      await m.query(
        `INSERT INTO figure_user_yearly (user_id, org_unit_id, year, type, value)
         SELECT user_id, org_unit_id, $1, type, count(*) FROM actions
          WHERE ${inYearSql('occurred_at', '$1', '$2')}
          GROUP BY user_id, org_unit_id, type`,
        [year, tz],
      );
      await m.query(`DELETE FROM figure_members`);
      await m.query(
        `INSERT INTO figure_members (org_unit_id, value) SELECT org_unit_id, count(*) FROM users WHERE active GROUP BY org_unit_id`,
      );
      await bumpVersion(m);
    });
  }

  /**
   * Recomputes every bucket of the last `days` days from the source rows and repairs what
   * differs, logging each repair. Catches whatever a bug or a lost change got wrong.
   */
  async reconcile(days = 3): Promise<number> {
    const window = (await this.db.query(
      `SELECT to_char(d, 'YYYY-MM-DD') AS day
         FROM generate_series((now() AT TIME ZONE $1)::date - $2::int, (now() AT TIME ZONE $1)::date, '1 day') d`,
      [this.config.orgTimezone, days],
    )) as { day: string }[];
    const dayList = window.map((w) => w.day);
    const [{ units }] = (await this.db.query(`SELECT coalesce(array_agg(id::text), '{}') AS units FROM org_units`)) as {
      units: string[];
    }[];
    let repaired = 0;
    for (const [family, definition] of Object.entries(FAMILY_DEFINITIONS)) {
      if (!definition.daily) continue;
      const wrong = (await this.db.query(
        `WITH expected AS (${definition.daily}),
              stored AS (SELECT org_unit_id, day, metric, value FROM figure_daily
                          WHERE org_unit_id = ANY($1::bigint[]) AND day = ANY($2::date[]) AND metric = ANY($4::text[]))
         SELECT DISTINCT coalesce(e.org_unit_id, s.org_unit_id)::text AS unit, to_char(coalesce(e.day, s.day), 'YYYY-MM-DD') AS day
           FROM (SELECT * FROM expected WHERE value <> 0) e
           FULL JOIN stored s ON s.org_unit_id = e.org_unit_id AND s.day = e.day AND s.metric = e.metric
          WHERE e.value IS DISTINCT FROM s.value`,
        [units, dayList, this.config.orgTimezone, definition.metrics],
      )) as { unit: string; day: string }[];
      if (wrong.length === 0) continue;
      this.logger.warn({ family, buckets: wrong.length, sample: wrong.slice(0, 5) }, 'reconciliation repaired figures');
      repaired += wrong.length;
      await this.db.query(
        `INSERT INTO figure_changes (org_unit_id, day, family)
         SELECT unit, day, $3 FROM unnest($1::bigint[], $2::date[]) AS w(unit, day)`,
        [wrong.map((w) => w.unit), wrong.map((w) => w.day), family],
      );
    }
    repaired += await this.reconcileYears(dayList);
    repaired += await this.reconcileMembers();
    if (repaired > 0) await this.drain();
    return repaired;
  }

  /** The yearly rows of the window's years must be the sums of their days. */
  private async reconcileYears(dayList: string[]): Promise<number> {
    const years = [...new Set(dayList.map((day) => Number(day.slice(0, 4))))];
    const families = Object.entries(FAMILY_DEFINITIONS).flatMap(([family, d]) => d.metrics.map((metric) => [metric, family]));
    const wrong = (await this.db.query(
      `WITH summed AS (SELECT org_unit_id, extract(year FROM day)::int AS year, metric, sum(value) AS value
                         FROM figure_daily WHERE extract(year FROM day)::int = ANY($1::int[]) GROUP BY 1, 2, 3),
            stored AS (SELECT org_unit_id, year, metric, value FROM figure_yearly
                        WHERE year = ANY($1::int[]) AND metric <> 'survey_units')
       SELECT DISTINCT coalesce(s.org_unit_id, y.org_unit_id)::text AS unit, coalesce(s.year, y.year) AS year,
              coalesce(s.metric, y.metric) AS metric
         FROM summed s FULL JOIN stored y ON y.org_unit_id = s.org_unit_id AND y.year = s.year AND y.metric = s.metric
        WHERE s.value IS DISTINCT FROM y.value`,
      [years],
    )) as { unit: string; year: number; metric: string }[];
    if (wrong.length === 0) return 0;
    const familyOf = new Map(families as [string, string][]);
    this.logger.warn({ buckets: wrong.length, sample: wrong.slice(0, 5) }, 'reconciliation repaired yearly figures');
    await this.db.query(
      `INSERT INTO figure_changes (org_unit_id, day, family)
       SELECT unit, make_date(year, 1, 1), family FROM unnest($1::bigint[], $2::int[], $3::text[]) AS w(unit, year, family)`,
      [wrong.map((w) => w.unit), wrong.map((w) => w.year), wrong.map((w) => familyOf.get(w.metric) ?? 'actions')],
    );
    return wrong.length;
  }

  private async reconcileMembers(): Promise<number> {
    const wrong = (await this.db.query(
      `SELECT o.id::text AS unit FROM org_units o
         LEFT JOIN (SELECT org_unit_id, count(*) AS n FROM users WHERE active GROUP BY org_unit_id) live ON live.org_unit_id = o.id
         LEFT JOIN figure_members f ON f.org_unit_id = o.id
        WHERE coalesce(live.n, 0) <> coalesce(f.value, 0)`,
    )) as { unit: string }[];
    if (wrong.length === 0) return 0;
    this.logger.warn({ family: 'members', units: wrong.length }, 'reconciliation repaired member counts');
    await this.db.query(
      `INSERT INTO figure_changes (org_unit_id, day, family)
       SELECT unit, (now() AT TIME ZONE $2)::date, 'members' FROM unnest($1::bigint[]) AS w(unit)`,
      [wrong.map((w) => w.unit), this.config.orgTimezone],
    );
    return wrong.length;
  }

  private async foldBatch(m: EntityManager): Promise<number> {
    const changes = (await m.query(
      `DELETE FROM figure_changes WHERE id IN (
         SELECT id FROM figure_changes ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING org_unit_id::text AS unit, to_char(day, 'YYYY-MM-DD') AS day, family`,
      [CHANGES_PER_BATCH],
    )) as [{ unit: string; day: string; family: FigureFamily }[], number];
    const rows = changes[0];
    const buckets = new Map<string, Bucket>();
    for (const { unit, day, family } of rows) {
      const year = Number(day.slice(0, 4));
      const key = `${unit}|${family === 'members' ? 0 : year}|${family}`;
      const bucket = buckets.get(key) ?? { key, unit, year, family, days: [] };
      if (!bucket.days.includes(day)) bucket.days.push(day);
      buckets.set(key, bucket);
    }
    for (const bucket of [...buckets.values()].sort((a, b) => (a.key < b.key ? -1 : 1))) {
      await m.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 7301))`, [bucket.key]);
      await this.recompute(m, bucket);
    }
    if (rows.length > 0) await bumpVersion(m);
    return rows.length;
  }

  private async recompute(m: EntityManager, bucket: Bucket): Promise<void> {
    const definition = FAMILY_DEFINITIONS[bucket.family];
    if (bucket.family === 'members') return this.recomputeMembers(m, bucket.unit);
    if (!definition.daily) return;
    const tz = this.config.orgTimezone;
    const months = [...new Set(bucket.days.map((day) => `${day.slice(0, 7)}-01`))];
    // $1 unit, $2 days, $3 tz (the family query); $4 metrics, $5 months, $6 year.
    // Deletes and inserts are separate statements: an unreferenced DELETE in a WITH runs last.
    await m.query(`DELETE FROM figure_daily WHERE org_unit_id = $1 AND day = ANY($2::date[]) AND metric = ANY($3::text[])`, [
      bucket.unit,
      bucket.days,
      definition.metrics,
    ]);
    await m.query(
      `INSERT INTO figure_daily (org_unit_id, day, metric, value)
       SELECT org_unit_id, day, metric, value FROM (${definition.daily}) fresh WHERE value <> 0`,
      [[bucket.unit], bucket.days, tz],
    );
    await m.query(`DELETE FROM figure_monthly WHERE org_unit_id = $1 AND month = ANY($2::date[]) AND metric = ANY($3::text[])`, [
      bucket.unit,
      months,
      definition.metrics,
    ]);
    await m.query(
      `INSERT INTO figure_monthly (org_unit_id, month, metric, value)
       SELECT org_unit_id, date_trunc('month', day)::date, metric, sum(value) FROM figure_daily
        WHERE org_unit_id = $1 AND date_trunc('month', day)::date = ANY($3::date[]) AND metric = ANY($2::text[])
          AND ${dateInYearSql('day', '$4')}
        GROUP BY 1, 2, 3`,
      [bucket.unit, definition.metrics, months, bucket.year],
    );
    await m.query(`DELETE FROM figure_yearly WHERE org_unit_id = $1 AND year = $2 AND metric = ANY($3::text[])`, [
      bucket.unit,
      bucket.year,
      definition.metrics,
    ]);
    await m.query(
      `INSERT INTO figure_yearly (org_unit_id, year, metric, value)
       SELECT org_unit_id, $3, metric, sum(value) FROM figure_daily
        WHERE org_unit_id = $1 AND metric = ANY($2::text[])
          AND ${dateInYearSql('day', '$3')}
        GROUP BY org_unit_id, metric`,
      [bucket.unit, definition.metrics, bucket.year],
    );
    await this.recomputeYearExtras(m, bucket);
  }

  /** The year-level aggregates that are not sums of days: distinct pages, survey units, per-user counts. */
  private async recomputeYearExtras(m: EntityManager, bucket: Bucket): Promise<void> {
    const { unit, year } = bucket;
    const tz = this.config.orgTimezone;
    if (bucket.family === 'reports') {
      await m.query(`DELETE FROM figure_page_sets WHERE org_unit_id = $1 AND year = $2`, [unit, year]);
      await m.query(
        `INSERT INTO figure_page_sets (org_unit_id, year, page_case_id)
         SELECT DISTINCT $1::bigint, $2::int, r.page_case_id FROM reports r
          WHERE r.org_unit_id = $1 AND r.page_case_id IS NOT NULL
            AND ${inYearSql('r.created_at', '$2', '$3')}`,
        [unit, year, tz],
      );
    }
    if (bucket.family === 'questionnaires') {
      await m.query(`DELETE FROM figure_yearly WHERE org_unit_id = $1 AND year = $2 AND metric = 'survey_units'`, [unit, year]);
      await m.query(
        `INSERT INTO figure_yearly (org_unit_id, year, metric, value)
         SELECT $1, $2, 'survey_units', 1 WHERE EXISTS (
           SELECT 1 FROM questionnaires q JOIN surveys s ON s.id = q.survey_id
            WHERE q.org_unit_id = $1 AND ${dateInYearSql('s.starts_on', '$2')})`,
        [unit, year],
      );
    }
    if (bucket.family === 'actions') {
      // Only the people who acted on the touched days can have changed counts.
      const [people] = (await m.query(
        `SELECT coalesce(array_agg(DISTINCT a.user_id), '{}') AS ids FROM unnest($2::date[]) d(day)
           JOIN actions a ON a.org_unit_id = $1
                         AND a.occurred_at >= d.day::timestamp AT TIME ZONE $3
                         AND a.occurred_at < (d.day + 1)::timestamp AT TIME ZONE $3`,
        [unit, bucket.days, tz],
      )) as { ids: string[] }[];
      await m.query(`DELETE FROM figure_user_yearly WHERE org_unit_id = $1 AND year = $2 AND user_id = ANY($3::bigint[])`, [
        unit,
        year,
        people.ids,
      ]);
      // Per person through LATERAL, so each count walks that person's own index range
      // rather than every action of a busy unit's year.
      await m.query(
        `INSERT INTO figure_user_yearly (user_id, org_unit_id, year, type, value)
         SELECT p.id, $1, $2, n.type, n.value FROM unnest($4::bigint[]) p(id)
          CROSS JOIN LATERAL (
            SELECT a.type, count(*) AS value FROM actions a
             WHERE a.user_id = p.id AND a.org_unit_id = $1 AND ${inYearSql('a.occurred_at', '$2', '$3')}
             GROUP BY a.type) n`,
        [unit, year, tz, people.ids],
      );
    }
  }

  private async recomputeMembers(m: EntityManager, unit: string): Promise<void> {
    await m.query(
      `INSERT INTO figure_members (org_unit_id, value)
       SELECT $1, count(*) FROM users WHERE org_unit_id = $1 AND active
       ON CONFLICT (org_unit_id) DO UPDATE SET value = EXCLUDED.value`,
      [unit],
    );
  }
}

/** Tells readers that cached figures may no longer hold (taken last in a fold's transaction). */
function bumpVersion(m: EntityManager): Promise<unknown> {
  return m.query(`UPDATE figure_state SET version = version + 1 WHERE id = 1`);
}
