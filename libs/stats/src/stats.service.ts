import { Inject, Injectable } from '@nestjs/common';
import { Actor, PolicyService } from '@app/access';
import { APP_CONFIG, AppConfig } from '@app/config';
import { FigureValues, TargetStanding, YearlyFigures, YearlyStats } from '@app/contracts';
import { METRIC_FIGURES } from './figure-families';
import { Coverage, FiguresRepository, UnitRow } from './figures.repository';

const EMPTY: FigureValues = {
  websitePosts: 0,
  websiteInteractions: 0,
  shares: 0,
  reach: 0,
  interactions: 0,
  participations: 0,
  reportsFiled: 0,
  pagesReported: 0,
  pagesRemovalRequested: 0,
  pagesRemoved: 0,
  surveys: 0,
  surveyUnits: 0,
  questionnaires: 0,
  directives: 0,
  members: 0,
};

const CACHE_ENTRIES = 1000;

/**
 * The figures of SPEC for a unit and a year, read from the aggregates the workers
 * maintain (never from the source rows): sums over the units of the subtree.
 */
@Injectable()
export class StatsService {
  // Answers keyed by unit, year and grouping, valid while the figures' fingerprint is unchanged.
  private readonly cache = new Map<string, { fingerprint: string; stats: YearlyStats }>();

  constructor(
    private readonly figuresRepository: FiguresRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly policy: PolicyService,
  ) {}

  async yearly(actor: Actor, query: { year: number; orgUnitId?: string; groupBy?: 'unit' | 'month' }): Promise<YearlyStats> {
    const unit = await this.unitInScope(actor, query.orgUnitId);
    const { fingerprint, asOf } = await this.freshness();
    const key = `${unit.id}|${query.year}|${query.groupBy ?? ''}`;
    const cached = this.cache.get(key);
    if (cached?.fingerprint === fingerprint) return { ...cached.stats, asOf };
    const whole = { path: unit.path, ownOnly: false };
    const [current, previousYear] = await this.figuresOfYears(whole, unit.id, [query.year, query.year - 1]);
    const stats: YearlyStats = { ...current, asOf, previousYear };
    if (query.groupBy === 'unit') stats.byUnit = await this.byUnit(unit, query.year);
    if (query.groupBy === 'month') stats.byMonth = await this.byMonth(unit.path, query.year);
    if (this.cache.size >= CACHE_ENTRIES) this.cache.clear();
    this.cache.set(key, { fingerprint, stats });
    return stats;
  }

  /**
   * What a yearly answer depends on besides the request (`fingerprint`: the aggregates, whose
   * version a fold bumps; the shape of the tree; targets; today's date for the forecast), and
   * the instant before which every committed write is folded in (`asOf`). Both come from one
   * statement, so one snapshot: read apart, a fold committing between them would pair the
   * old fingerprint's cached figures with an asOf that claims the fold.
   */
  private async freshness(): Promise<{ fingerprint: string; asOf: string }> {
    const row = await this.figuresRepository.findFreshness(this.config.orgTimezone);
    return { fingerprint: row.fingerprint, asOf: row.asOf.toISOString() };
  }

  /** How fresh the figures are: the instant they fold everything before, and how far behind now that is. */
  async figuresLag(): Promise<{ asOf: string; lagSeconds: number }> {
    const { asOf } = await this.figuresRepository.findFreshness(this.config.orgTimezone);
    return { asOf: asOf.toISOString(), lagSeconds: Math.max(0, Math.round((Date.now() - asOf.getTime()) / 1000)) };
  }

  /** Members ranked by actions in the year, and child units by participations per member. */
  async leaderboard(actor: Actor, query: { year: number; orgUnitId?: string; limit: number }) {
    const unit = await this.unitInScope(actor, query.orgUnitId);
    const members = await this.figuresRepository.listLeadingMembers(unit.path, query.year, query.limit);
    const units = await this.childRows(unit, query.year);
    return {
      year: query.year,
      orgUnitId: unit.id,
      members: members.map((m, i) => ({ rank: i + 1, ...m })),
      units: units
        .map((u) => ({
          orgUnitId: u.orgUnitId,
          orgUnitName: u.orgUnitName,
          participations: u.participations,
          members: u.members,
          participationRate: u.members ? Math.round((u.participations / u.members) * 100) / 100 : 0,
        }))
        .sort((a, b) => b.participationRate - a.participationRate),
    };
  }

  /** The unit asked for (default: the caller's), or 404 when it lies outside the caller's scope. */
  private async unitInScope(actor: Actor, orgUnitId?: string): Promise<UnitRow> {
    const unitId = orgUnitId ?? actor.orgUnitId;
    await this.policy.assertUnitInScope(actor, unitId);
    return this.figuresRepository.findUnit(unitId);
  }

  private async figures(c: Coverage, unitId: string, year: number): Promise<YearlyFigures> {
    return (await this.figuresOfYears(c, unitId, [year]))[0];
  }

  /** The figures of several years of one coverage, in one round trip for the aggregates. */
  private async figuresOfYears(c: Coverage, unitId: string, years: number[]): Promise<YearlyFigures[]> {
    const rows = await this.figuresRepository.sumFiguresOfYears(c, years);
    const members = Number(rows.find((r) => r.metric === 'members')?.value ?? 0);
    return Promise.all(
      years.map(async (year) => {
        const values: FigureValues = { ...EMPTY, members };
        for (const row of rows.filter((r) => r.year === year)) {
          if (row.metric === 'pages_reported') values.pagesReported = Number(row.value);
          const figure = METRIC_FIGURES[row.metric as keyof typeof METRIC_FIGURES];
          if (figure) values[figure] = Number(row.value);
        }
        return { year, orgUnitId: unitId, ...values, target: await this.target(c, year, members) };
      }),
    );
  }

  /** The target in force: the one set for the year on the nearest unit at or above this one. */
  private async target(c: Coverage, year: number, membersTotal: number): Promise<TargetStanding | null> {
    const target = await this.figuresRepository.findTargetInForce(c.path, year);
    if (!target) return null;
    const pace = this.paceFactor(year);
    const standing = await this.figuresRepository.countMembersMeeting(c, year, target, pace);
    return { ...target, membersMeeting: standing.meeting, membersTotal, forecastMembersMeeting: standing.forecast };
  }

  /** How much a count so far in the year grows by year end at the same pace (1 for past years). */
  private paceFactor(year: number): number {
    const today = new Date(new Date().toLocaleString('en-US', { timeZone: this.config.orgTimezone }));
    if (today.getFullYear() > year) return 1;
    if (today.getFullYear() < year) return 0;
    const start = new Date(year, 0, 1).getTime();
    const end = new Date(year + 1, 0, 1).getTime();
    return (end - start) / Math.max(today.getTime() - start, 24 * 3600 * 1000);
  }

  private async byUnit(unit: UnitRow, year: number) {
    const rows = await this.childRows(unit, year);
    return rows.map(({ orgUnitName, figures }) => ({ ...figures, orgUnitName }));
  }

  /** The unit's own records first, then each child's subtree. */
  private async childRows(unit: UnitRow, year: number) {
    const children = await this.figuresRepository.listChildUnits(unit.id);
    const parts = [
      { id: unit.id, name: unit.name, coverage: { path: unit.path, ownOnly: true } },
      ...children.map((child) => ({ id: child.id, name: child.name, coverage: { path: child.path, ownOnly: false } })),
    ];
    return Promise.all(
      parts.map(async (part) => {
        const figures = await this.figures(part.coverage, part.id, year);
        return { orgUnitId: part.id, orgUnitName: part.name, figures, participations: figures.participations, members: figures.members };
      }),
    );
  }

  private async byMonth(path: string, year: number) {
    const rows = await this.figuresRepository.sumMonthsOfYear(path, year);
    const months = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
    return months.map((month) => {
      const { members: _m, pagesReported: _p, surveyUnits: _s, ...additive } = EMPTY;
      const entry = { month, ...additive } as Record<string, number | string>;
      for (const row of rows) if (row.month === month && METRIC_FIGURES[row.metric] in entry) entry[METRIC_FIGURES[row.metric]] = Number(row.value);
      return entry as unknown as NonNullable<YearlyStats['byMonth']>[number];
    });
  }
}
