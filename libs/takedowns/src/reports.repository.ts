import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PlatformName, ReportCategory, ReportView } from '@app/contracts';
import { execute, Queryable, selectOne, selectRows } from '@app/persistence';
import { inYearSql } from '@app/stats';
import { ReportReader, visibleReportsSql } from './report-visibility';

/** The columns of a {@link ReportView}, on alias `r`. */
export const REPORT_COLUMNS = `r.id, r.url, r.platform, r.category, r.description, r.task_id AS "taskId",
  r.user_id AS "userId", r.org_unit_id AS "orgUnitId", r.created_at AS "createdAt", r.page_case_id AS "pageCaseId"`;

/** A report as it is filed; `reportedAt` only for a backfilled paper record. */
export interface ReportRow {
  userId: string;
  orgUnitId: string;
  url: string;
  canonicalUrl: string;
  platform: PlatformName;
  category: ReportCategory;
  description: string | null;
  taskId: string | null;
  idempotencyKey: string | null;
  requestHash: Buffer | null;
  reportedAt: string | null;
}

export interface InsertedReportRow {
  id: string;
  createdAt: Date;
}

/** A report filed under an Idempotency-Key, with the hash of the request that filed it. */
export type KeyedReportRow = ReportView & { hash: Buffer };

/** A report with its filing time as the text of a keyset cursor. */
export type CursoredReportRow = ReportView & { cursorAt: string };

/** What linking a report to its page case needs. */
export interface ReportLinkRow {
  id: string;
  canonicalUrl: string;
  platform: string;
  category: string;
  orgUnitId: string;
  createdAt: Date;
  pageCaseId: string | null;
}

/** A page of GET /reports: before `beforeId`, `limit` of them (one more is read to tell whether another page follows). */
export interface ReportPage {
  beforeId: string | null;
  limit: number;
  year?: number;
  timeZone: string;
  pageCaseId?: string;
  orgUnitId?: string;
}

/** Harmful-page reports. */
@Injectable()
export class ReportsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The new report's id and filing time, or null when the user's Idempotency-Key already filed one. */
  insert(m: Queryable, report: ReportRow): Promise<InsertedReportRow | null> {
    return selectOne<InsertedReportRow>(
      m,
      `INSERT INTO reports (user_id, org_unit_id, url, canonical_url, platform, category, description, task_id,
                              idempotency_key, request_hash, created_at, backfilled_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, coalesce($11::timestamptz, now()),
                 CASE WHEN $11::timestamptz IS NULL THEN NULL ELSE $1::bigint END)
         ON CONFLICT (user_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
         RETURNING id, created_at AS "createdAt"`,
      [
        report.userId,
        report.orgUnitId,
        report.url,
        report.canonicalUrl,
        report.platform,
        report.category,
        report.description,
        report.taskId,
        report.idempotencyKey,
        report.requestHash,
        report.reportedAt,
      ],
    );
  }

  /** A report the caller's transaction just inserted, so it exists. */
  async findInserted(id: string, db: Queryable = this.dataSource.manager): Promise<ReportView> {
    const [report] = await selectRows<ReportView>(db, `SELECT ${REPORT_COLUMNS} FROM reports r WHERE r.id = $1`, [id]);
    return report;
  }

  findByKey(userId: string, key: string, db: Queryable = this.dataSource.manager): Promise<KeyedReportRow | null> {
    return selectOne<KeyedReportRow>(
      db,
      `SELECT ${REPORT_COLUMNS}, r.request_hash AS "hash" FROM reports r WHERE r.user_id = $1 AND r.idempotency_key = $2`,
      [userId, key],
    );
  }

  /** Reports the reader may see, newest first; `orgUnitId` keeps those stamped with a unit of its subtree. */
  listVisibleTo(reader: ReportReader, page: ReportPage, db: Queryable = this.dataSource.manager): Promise<ReportView[]> {
    const visible = visibleReportsSql(reader, 'r', 7);
    return selectRows<ReportView>(
      db,
      `SELECT ${REPORT_COLUMNS} FROM reports r
        WHERE ${visible.sql}
          AND ($1::bigint IS NULL OR r.id < $1)
          AND ($3::int IS NULL OR (${inYearSql('r.created_at', '$3', '$4')}))
          AND ($5::bigint IS NULL OR r.page_case_id = $5)
          AND ($6::bigint IS NULL OR EXISTS (
                SELECT 1 FROM org_units fo WHERE fo.id = r.org_unit_id
                   AND fo.path <@ (SELECT f.path FROM org_units f WHERE f.id = $6)))
        ORDER BY r.id DESC LIMIT $2`,
      [
        page.beforeId,
        page.limit + 1,
        page.year ?? null,
        page.timeZone,
        page.pageCaseId ?? null,
        page.orgUnitId ?? null,
        ...visible.params,
      ],
    );
  }

  /** The user's reports, newest filing first, before the (at, id) cursor; one more than `limit`. */
  listByAuthor(
    userId: string,
    page: { after: { at: string; id: string } | null; limit: number },
    db: Queryable = this.dataSource.manager,
  ): Promise<CursoredReportRow[]> {
    return selectRows<CursoredReportRow>(
      db,
      `SELECT ${REPORT_COLUMNS},
              to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "cursorAt"
         FROM reports r
        WHERE r.user_id = $1
          AND ($2::timestamptz IS NULL OR (r.created_at, r.id) < ($2::timestamptz, $3::bigint))
        ORDER BY r.created_at DESC, r.id DESC
        LIMIT $4::int + 1`,
      [userId, page.after?.at ?? null, page.after?.id ?? null, page.limit],
    );
  }

  /** The report when the reader may see it. */
  findVisibleTo(reader: ReportReader, id: string, db: Queryable = this.dataSource.manager): Promise<ReportView | null> {
    const visible = visibleReportsSql(reader, 'r', 2);
    return selectOne<ReportView>(db, `SELECT ${REPORT_COLUMNS} FROM reports r WHERE r.id = $1 AND ${visible.sql}`, [id, ...visible.params]);
  }

  /** Locks the report (FOR NO KEY UPDATE) for linking it to its case; null when it is gone. */
  lockForLink(m: Queryable, id: string): Promise<ReportLinkRow | null> {
    return selectOne<ReportLinkRow>(
      m,
      `SELECT id, canonical_url AS "canonicalUrl", platform, category, org_unit_id AS "orgUnitId",
                created_at AS "createdAt", page_case_id AS "pageCaseId"
           FROM reports WHERE id = $1 FOR NO KEY UPDATE`,
      [id],
    );
  }

  /** Locks the report (FOR UPDATE) until the caller's transaction ends. */
  async lock(m: Queryable, id: string): Promise<void> {
    await execute(m, `SELECT 1 FROM reports WHERE id = $1 FOR UPDATE`, [id]);
  }

  async linkToCase(m: Queryable, reportId: string, pageCaseId: string): Promise<void> {
    await execute(m, `UPDATE reports SET page_case_id = $1 WHERE id = $2`, [pageCaseId, reportId]);
  }
}
