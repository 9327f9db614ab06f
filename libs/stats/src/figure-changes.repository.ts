import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { execute, Queryable } from '@app/persistence';
import type { FigureFamily } from './figure-changes';

/** The figure buckets writes touched, one entry per change (parallel arrays). */
export interface FigureChangeRows {
  units: string[];
  /** An instant, or null when the change names a calendar day. */
  instants: (string | null)[];
  /** A calendar day, or null when the change names an instant. */
  days: (string | null)[];
  families: string[];
}

/** The day an instant falls on in ORG_TIMEZONE (`zone`: the SQL parameter holding it): the bucket every figure counts in. */
export const dayInZoneSql = (instant: string, zone: string) => `(${instant} AT TIME ZONE ${zone})::date`;

/**
 * The figure changes of rows a statement has just written, for a writer that records them in
 * that same statement (the action writer's group commit): the same rows and day bucketing as
 * {@link FigureChangesRepository.insertChanges}, so figure_changes keeps one owner.
 */
export const insertFigureChangesOfSql = (family: FigureFamily, rows: string, unit: string, instant: string, zone: string) =>
  `INSERT INTO figure_changes (org_unit_id, day, family)
   SELECT DISTINCT ${unit}, ${dayInZoneSql(instant, zone)}, '${family}' FROM ${rows}`;

/** figure_changes as the writers append to it. */
@Injectable()
export class FigureChangesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Appends the distinct (unit, day in `timezone`, family) buckets of the changes. */
  async insertChanges(m: Queryable, changes: FigureChangeRows, timezone: string): Promise<void> {
    await execute(
      m,
      `INSERT INTO figure_changes (org_unit_id, day, family)
       SELECT DISTINCT unit, coalesce(day, ${dayInZoneSql('instant', '$5')}), family
         FROM unnest($1::bigint[], $2::timestamptz[], $3::date[], $4::text[]) AS c(unit, instant, day, family)`,
      [changes.units, changes.instants, changes.days, changes.families, timezone],
    );
  }
}
