import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { execute, Queryable } from '@app/persistence';

/** The figure buckets writes touched, one entry per change (parallel arrays). */
export interface FigureChangeRows {
  units: string[];
  /** An instant, or null when the change names a calendar day. */
  instants: (string | null)[];
  /** A calendar day, or null when the change names an instant. */
  days: (string | null)[];
  families: string[];
}

/** figure_changes as the writers append to it. */
@Injectable()
export class FigureChangesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Appends the distinct (unit, day in `timezone`, family) buckets of the changes. */
  async insertChanges(m: Queryable, changes: FigureChangeRows, timezone: string): Promise<void> {
    await execute(
      m,
      `INSERT INTO figure_changes (org_unit_id, day, family)
       SELECT DISTINCT unit, coalesce(day, (instant AT TIME ZONE $5)::date), family
         FROM unnest($1::bigint[], $2::timestamptz[], $3::date[], $4::text[]) AS c(unit, instant, day, family)`,
      [changes.units, changes.instants, changes.days, changes.families, timezone],
    );
  }
}
