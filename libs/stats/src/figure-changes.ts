import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@app/config';
import { FigureChangesRepository } from './figure-changes.repository';

/** Groups of figures recomputed together from the same source rows. */
export const FIGURE_FAMILIES = [
  'website',
  'actions',
  'participations',
  'reports',
  'pages',
  'surveys',
  'questionnaires',
  'directives',
  'members',
] as const;
export type FigureFamily = (typeof FIGURE_FAMILIES)[number];

/** One bucket a write touched: a unit, a day in ORG_TIMEZONE (from an instant or a calendar date). */
export type FigureChange =
  | { orgUnitId: string; family: FigureFamily; at: Date | string }
  | { orgUnitId: string; family: FigureFamily; day: string };

/**
 * Notes, inside the writer's own transaction, which figure buckets a write touched. Rows
 * are append-only (no hot row to contend on); the figures' workers consume them, so an
 * accepted write is always counted later even if Redis was down when it happened.
 */
@Injectable()
export class FigureChangeRecorder {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly changes: FigureChangesRepository,
  ) {}

  async record(manager: EntityManager, changes: readonly FigureChange[]): Promise<void> {
    if (changes.length === 0) return;
    const units: string[] = [];
    const instants: (string | null)[] = [];
    const days: (string | null)[] = [];
    const families: string[] = [];
    for (const change of changes) {
      units.push(change.orgUnitId);
      families.push(change.family);
      if ('day' in change) {
        instants.push(null);
        days.push(change.day);
      } else {
        instants.push(change.at instanceof Date ? change.at.toISOString() : change.at);
        days.push(null);
      }
    }
    await this.changes.insertChanges(manager, { units, instants, days, families }, this.config.orgTimezone);
  }
}
