import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@app/config';
import { FigureFamily } from './figure-changes';
import { FAMILY_DEFINITIONS } from './figure-families';
import { FigureFoldsRepository } from './figure-folds.repository';

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
    private readonly folds: FigureFoldsRepository,
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
    return this.folds.findNewestChangeAge();
  }

  /**
   * Rebuilds every aggregate of one year from the source rows in a few set-based
   * statements (after a bulk load, or to start over). Pending changes for that year are
   * folded by the next drain as usual; running both is harmless.
   */
  async rebuildYear(year: number): Promise<void> {
    const tz = this.config.orgTimezone;
    await this.db.transaction(async (m) => {
      const units = await this.folds.listUnitIds(m);
      const days = await this.folds.listDaysOfYear(year, m);
      await this.folds.deleteDailyOfYear(m, year);
      await this.folds.deleteMonthlyOfYear(m, year);
      await this.folds.deleteYearlyOfYear(m, year);
      for (const definition of Object.values(FAMILY_DEFINITIONS)) {
        if (!definition.daily) continue;
        await this.folds.foldDaily(m, definition.daily, units, days, tz);
      }
      await this.folds.rollUpMonthsOfYear(m, year);
      await this.folds.rollUpYearOfYear(m, year);
      for (const unit of units) {
        for (const family of ['reports', 'questionnaires'] as const) {
          await this.recomputeYearExtras(m, { key: '', unit, year, family, days: [] });
        }
      }
      await this.folds.deleteUserYearlyOfYear(m, year);
      await this.folds.foldUserYearlyOfYear(m, year, tz);
      await this.folds.deleteAllMembers(m);
      await this.folds.foldAllMembers(m);
      await this.folds.bumpVersion(m);
    });
  }

  /**
   * Recomputes every bucket of the last `days` days from the source rows and repairs what
   * differs, logging each repair. Catches whatever a bug or a lost change got wrong.
   */
  async reconcile(days = 3): Promise<number> {
    const dayList = await this.folds.listRecentDays(this.config.orgTimezone, days);
    const units = await this.folds.listUnitIds();
    let repaired = 0;
    for (const [family, definition] of Object.entries(FAMILY_DEFINITIONS)) {
      if (!definition.daily) continue;
      const wrong = await this.folds.listWrongDays(definition.daily, definition.metrics, units, dayList, this.config.orgTimezone);
      if (wrong.length === 0) continue;
      this.logger.warn({ family, buckets: wrong.length, sample: wrong.slice(0, 5) }, 'reconciliation repaired figures');
      repaired += wrong.length;
      await this.folds.requeueDays(this.db.manager, wrong, family);
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
    const wrong = await this.folds.listWrongYears(years);
    if (wrong.length === 0) return 0;
    const familyOf = new Map(families as [string, string][]);
    this.logger.warn({ buckets: wrong.length, sample: wrong.slice(0, 5) }, 'reconciliation repaired yearly figures');
    await this.folds.requeueYears(
      this.db.manager,
      wrong.map((w) => w.unit),
      wrong.map((w) => w.year),
      wrong.map((w) => familyOf.get(w.metric) ?? 'actions'),
    );
    return wrong.length;
  }

  private async reconcileMembers(): Promise<number> {
    const wrong = await this.folds.listWrongMemberUnits();
    if (wrong.length === 0) return 0;
    this.logger.warn({ family: 'members', units: wrong.length }, 'reconciliation repaired member counts');
    await this.folds.requeueMembers(
      this.db.manager,
      wrong.map((w) => w.unit),
      this.config.orgTimezone,
    );
    return wrong.length;
  }

  private async foldBatch(m: EntityManager): Promise<number> {
    const rows = await this.folds.takeChanges(m, CHANGES_PER_BATCH);
    const buckets = new Map<string, Bucket>();
    for (const { unit, day, family } of rows) {
      const year = Number(day.slice(0, 4));
      const key = `${unit}|${family === 'members' ? 0 : year}|${family}`;
      const bucket = buckets.get(key) ?? { key, unit, year, family, days: [] };
      if (!bucket.days.includes(day)) bucket.days.push(day);
      buckets.set(key, bucket);
    }
    for (const bucket of [...buckets.values()].sort((a, b) => (a.key < b.key ? -1 : 1))) {
      await this.folds.lockBucket(m, bucket.key);
      await this.recompute(m, bucket);
    }
    if (rows.length > 0) await this.folds.bumpVersion(m);
    return rows.length;
  }

  private async recompute(m: EntityManager, bucket: Bucket): Promise<void> {
    const definition = FAMILY_DEFINITIONS[bucket.family];
    if (bucket.family === 'members') return this.folds.foldMembersOfUnit(m, bucket.unit);
    if (!definition.daily) return;
    const tz = this.config.orgTimezone;
    const months = [...new Set(bucket.days.map((day) => `${day.slice(0, 7)}-01`))];
    // Deletes and inserts are separate statements: an unreferenced DELETE in a WITH runs last.
    await this.folds.deleteDailyOfUnit(m, bucket.unit, bucket.days, definition.metrics);
    await this.folds.foldDaily(m, definition.daily, [bucket.unit], bucket.days, tz);
    await this.folds.deleteMonthlyOfUnit(m, bucket.unit, months, definition.metrics);
    await this.folds.rollUpMonthsOfUnit(m, bucket.unit, definition.metrics, months, bucket.year);
    await this.folds.deleteYearlyOfUnit(m, bucket.unit, bucket.year, definition.metrics);
    await this.folds.rollUpYearOfUnit(m, bucket.unit, definition.metrics, bucket.year);
    await this.recomputeYearExtras(m, bucket);
  }

  /** The year-level aggregates that are not sums of days: distinct pages, survey units, per-user counts. */
  private async recomputeYearExtras(m: EntityManager, bucket: Bucket): Promise<void> {
    const { unit, year } = bucket;
    const tz = this.config.orgTimezone;
    if (bucket.family === 'reports') {
      await this.folds.deletePageSetsOfUnit(m, unit, year);
      await this.folds.foldPageSetsOfUnit(m, unit, year, tz);
    }
    if (bucket.family === 'questionnaires') {
      await this.folds.deleteSurveyUnitOfUnit(m, unit, year);
      await this.folds.foldSurveyUnitOfUnit(m, unit, year);
    }
    if (bucket.family === 'actions') {
      // Only the people who acted on the touched days can have changed counts.
      const people = await this.folds.listActorsOnDays(unit, bucket.days, tz, m);
      await this.folds.deleteUserYearlyOfUsers(m, unit, year, people);
      await this.folds.foldUserYearlyOfUsers(m, unit, year, tz, people);
    }
  }
}
