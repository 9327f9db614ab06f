import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { changeRows, Queryable, selectOne, selectRows } from '@app/persistence';
import { inYearSql } from '@app/stats';
import { MemberProgressRow } from './yearly-report';

/** An export file as a job stores it. */
export interface NewStoredExportRow {
  jobId: string;
  content: Buffer;
  mediaType: string;
  filename: string;
  createdBy: string;
}

/** A stored export file, with who asked for it and the unit it is of. */
export interface StoredExportRow {
  content: Buffer;
  mediaType: string;
  filename: string;
  createdBy: string | null;
  orgUnitId: string;
}

/** A member's own actions in the year, before the target in force is applied. */
export type MemberActionsRow = Omit<MemberProgressRow, 'perMember' | 'targetOrgUnitId' | 'meets'>;

/** What an export reads of a member's actions: the year, in the organisation's time zone, and the target's types. */
export interface MemberActionsQuery {
  orgUnitId: string;
  year: number;
  timezone: string;
  /** The types that count; null counts every type. */
  actionTypes: string[] | null;
}

/**
 * The stats_exports table, and the reads of a subtree an export needs (its unit's name, its
 * active members and their actions in the year).
 */
@Injectable()
export class StatsExportsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Stores the job's file, replacing one an earlier run stored; answers its id. */
  async storeForJob(m: Queryable, file: NewStoredExportRow): Promise<string> {
    const [stored] = await selectRows<{ id: string }>(
      m,
      `INSERT INTO stats_exports (job_id, content, media_type, filename, created_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (job_id) DO UPDATE SET content = EXCLUDED.content, media_type = EXCLUDED.media_type,
              filename = EXCLUDED.filename, created_at = now()
       RETURNING id`,
      [file.jobId, file.content, file.mediaType, file.filename, file.createdBy],
    );
    return stored.id;
  }

  /** Deletes the files stored more than `days` days ago; answers how many. */
  async deleteOlderThan(m: Queryable, days: number): Promise<number> {
    const { count } = await changeRows(
      m,
      `DELETE FROM stats_exports WHERE created_at < now() - make_interval(days => $1::int)`,
      [days],
    );
    return count;
  }

  findById(id: string, db: Queryable = this.dataSource.manager): Promise<StoredExportRow | null> {
    return selectOne<StoredExportRow>(
      db,
      `SELECT e.content, e.media_type AS "mediaType", e.filename, e.created_by::text AS "createdBy",
                  j.payload->>'orgUnitId' AS "orgUnitId"
             FROM stats_exports e JOIN jobs j ON j.id = e.job_id WHERE e.id = $1`,
      [id],
    );
  }

  /** The unit's name; the unit exists. */
  async unitName(orgUnitId: string, db: Queryable = this.dataSource.manager): Promise<string> {
    const [unit] = await selectRows<{ name: string }>(db, `SELECT name FROM org_units WHERE id = $1`, [orgUnitId]);
    return unit.name;
  }

  async countActiveMembersUnder(orgUnitId: string, db: Queryable = this.dataSource.manager): Promise<number> {
    const [row] = await selectRows<{ n: number }>(
      db,
      `SELECT count(*)::int AS n FROM users u JOIN org_units o ON o.id = u.org_unit_id
        WHERE u.active AND o.path <@ (SELECT path FROM org_units WHERE id = $1)`,
      [orgUnitId],
    );
    return row.n;
  }

  /** Each active member of the subtree (where they are now) with their own actions of those types in the year. */
  listMemberActionsUnder(query: MemberActionsQuery, db: Queryable = this.dataSource.manager): Promise<MemberActionsRow[]> {
    return selectRows<MemberActionsRow>(
      db,
      `SELECT u.id::text AS "userId", u.username, u.full_name AS "fullName", o.id::text AS "orgUnitId", o.name AS "orgUnitName",
              coalesce(done.n, 0)::int AS actions
         FROM users u
         JOIN org_units o ON o.id = u.org_unit_id
         LEFT JOIN LATERAL (
           SELECT count(*) AS n FROM actions a
            WHERE a.user_id = u.id AND ${inYearSql('a.occurred_at', '$2', '$3')}
              AND ($4::text[] IS NULL OR a.type = ANY($4::text[]))
         ) done ON true
        WHERE u.active AND o.path <@ (SELECT path FROM org_units WHERE id = $1)
        ORDER BY o.path, u.full_name COLLATE "vi-x-icu", u.id`,
      [query.orgUnitId, query.year, query.timezone, query.actionTypes],
    );
  }
}
