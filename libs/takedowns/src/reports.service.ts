import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccessError, AccessErrorCode, Actor, PolicyService } from '@app/access';
import { AuditService } from '@app/audit';
import { APP_CONFIG, AppConfig } from '@app/config';
import {
  decodeCursor,
  decodeIdCursor,
  encodeCursor,
  EvidenceView,
  givenInstant,
  InvalidInputError,
  isId,
  MyReportView,
  Page,
  PageCaseStatus,
  pageOf,
  PlatformName,
  ReportCategory,
  ReportDetailView,
  ReportView,
  requestHash,
} from '@app/contracts';
import { CanonicalPage, canonicalizeUrl, canonicalPageUrl, resolvePlatform, UrlError } from '@app/platforms';
import { JobExecution, JobProducer, JobResults, RecordedJob } from '@app/queue-contracts';
import { FigureChange, FigureChangeRecorder, inYearSql } from '@app/stats';
import { TasksService } from '@app/tasks';
import { PageCasesService } from './page-cases.service';
import { visibleReportsSql } from './report-visibility';
import { TakedownError, TakedownErrorCode } from './takedowns.errors';

/** A report as the caller sent it (validated by CreateReportDto). */
export interface NewReport {
  url: string;
  platform?: PlatformName;
  category: ReportCategory;
  description?: string;
  taskId?: string;
  /** Backfill of a paper record (secretariat, admin): when it was filed. */
  reportedAt?: string;
}

/** A report filed now (201), or the one an earlier request with the same Idempotency-Key filed (200). */
export interface FiledReport {
  created: boolean;
  report: ReportView;
}

/** Filters of GET /reports. */
export interface ReportFilter {
  year?: number;
  pageCaseId?: string;
  orgUnitId?: string;
  cursor?: string;
  limit: number;
}

/** The columns of a {@link ReportView}, on alias `r`. */
export const REPORT_COLUMNS = `r.id, r.url, r.platform, r.category, r.description, r.task_id AS "taskId",
  r.user_id AS "userId", r.org_unit_id AS "orgUnitId", r.created_at AS "createdAt", r.page_case_id AS "pageCaseId"`;

/** The columns of an evidence record, on alias `e`. */
export const EVIDENCE_COLUMNS = `e.id, e.report_id AS "reportId", e.sha256, e.media_type AS "mediaType", e.size,
  e.created_at AS "createdAt"`;

/**
 * Harmful-page reports: filed at once, stamped with the author's unit, and linked to their
 * page case by the `reports.link` job recorded in the same transaction.
 */
@Injectable()
export class ReportsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly policy: PolicyService,
    private readonly tasks: TasksService,
    private readonly audit: AuditService,
    private readonly figures: FigureChangeRecorder,
    private readonly producer: JobProducer,
    private readonly cases: PageCasesService,
  ) {}

  /**
   * Files a report. The URL is checked and canonicalised here (a bad one is a 400 now, not a
   * failed job later); the case is found or created by the link job. With an
   * Idempotency-Key, the same request again answers the stored report and writes nothing.
   */
  async file(actor: Actor, input: NewReport, idempotencyKey: string | null): Promise<FiledReport> {
    const page = canonicalPage(input.url);
    const fields = {
      url: canonicalizeUrl(input.url).url,
      canonicalUrl: page.url,
      platform: platformOf(input.platform, page),
      category: input.category,
      description: input.description ?? null,
      taskId: input.taskId ?? null,
      reportedAt: input.reportedAt ? backfillInstant(actor, input.reportedAt) : null,
    };
    const hash = idempotencyKey ? requestHash(fields) : null;
    if (idempotencyKey) {
      const earlier = await this.findByKey(this.db.manager, actor.id, idempotencyKey);
      if (earlier) return replay(earlier, hash);
    }
    const outcome = await this.db.transaction(async (m): Promise<FiledReport & { job?: RecordedJob }> => {
      if (fields.taskId) await this.tasks.assertNameable(actor, fields.taskId, m);
      const inserted = (await m.query(
        `INSERT INTO reports (user_id, org_unit_id, url, canonical_url, platform, category, description, task_id,
                              idempotency_key, request_hash, created_at, backfilled_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, coalesce($11::timestamptz, now()),
                 CASE WHEN $11::timestamptz IS NULL THEN NULL ELSE $1::bigint END)
         ON CONFLICT (user_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
         RETURNING id, created_at AS "createdAt"`,
        [
          actor.id,
          actor.orgUnitId,
          fields.url,
          fields.canonicalUrl,
          fields.platform,
          fields.category,
          fields.description,
          fields.taskId,
          idempotencyKey,
          hash,
          fields.reportedAt,
        ],
      )) as { id: string; createdAt: Date }[];
      if (inserted.length === 0) {
        // A concurrent request with the same key committed first; its row is visible to this statement.
        const winner = await this.findByKey(m, actor.id, idempotencyKey as string);
        if (!winner) throw new Error('report idempotency conflict without a row');
        return replay(winner, hash);
      }
      const [{ id, createdAt }] = inserted;
      const changes: FigureChange[] = [{ orgUnitId: actor.orgUnitId, family: 'reports', at: createdAt }];
      if (fields.taskId) {
        changes.push(...(await this.tasks.completeByRecords(m, [{ taskId: fields.taskId, userId: actor.id, at: createdAt }])));
      }
      await this.figures.record(m, changes);
      const job = await this.producer.record(m, 'reports.link', { reportId: id }, actor.id);
      const report = (await this.find(m, id)) as ReportView;
      await this.audit.record(m, {
        actorId: actor.id,
        actorRoles: actor.roles,
        action: fields.reportedAt ? 'report.backfill' : 'report.create',
        entityType: 'report',
        entityId: id,
        after: report,
        requestId: actor.requestId,
      });
      return { created: true, report, job };
    });
    if (outcome.job) await this.producer.dispatch(outcome.job);
    return { created: outcome.created, report: outcome.report };
  }

  /**
   * Reports the caller may see, newest first; `year` by creation in ORG_TIMEZONE, `orgUnitId`
   * (in scope, else 404) by the author's unit at filing: together, the rows behind `reportsFiled`.
   */
  async list(actor: Actor, filter: ReportFilter): Promise<Page<ReportView>> {
    const beforeId = decodeIdCursor(filter.cursor);
    if (filter.orgUnitId) await this.policy.assertUnitInScope(actor, filter.orgUnitId);
    const visible = visibleReportsSql(this.policy, actor, 'r', 7);
    const rows = (await this.db.query(
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
        beforeId,
        filter.limit + 1,
        filter.year ?? null,
        this.config.orgTimezone,
        filter.pageCaseId ?? null,
        filter.orgUnitId ?? null,
        ...visible.params,
      ],
    )) as ReportView[];
    return pageOf(rows, filter.limit);
  }

  /**
   * The caller's own reports, whatever their roles (a secretariat's GET /reports is their
   * subtree's), newest filing first with a keyset on (createdAt, id), so a phone can merge
   * them with its actions by time. Each carries its case's status as GET /pages/:id shows
   * it to the caller: the page-case rules stay in PageCasesService.
   */
  async listMine(actor: Actor, filter: { cursor?: string; limit: number }): Promise<Page<MyReportView>> {
    const cursor = decodeCursor(filter.cursor, { at: 'instant', id: 'id' });
    const rows = (await this.db.query(
      `SELECT ${REPORT_COLUMNS},
              to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "cursorAt"
         FROM reports r
        WHERE r.user_id = $1
          AND ($2::timestamptz IS NULL OR (r.created_at, r.id) < ($2::timestamptz, $3::bigint))
        ORDER BY r.created_at DESC, r.id DESC
        LIMIT $4::int + 1`,
      [actor.id, cursor?.at ?? null, cursor?.id ?? null, filter.limit],
    )) as (ReportView & { cursorAt: string })[];
    const items = rows.slice(0, filter.limit);
    const last = items[items.length - 1];
    const statuses = await this.caseStatusesOf(actor, items);
    return {
      items: items.map(({ cursorAt: _at, ...report }) => ({
        ...report,
        pageCaseStatus: report.pageCaseId ? (statuses.get(report.pageCaseId) ?? null) : null,
      })),
      nextCursor: rows.length > filter.limit ? encodeCursor({ at: last.cursorAt, id: last.id }) : null,
    };
  }

  /** Each linked case's status as the caller sees it, one read per distinct case. */
  private async caseStatusesOf(actor: Actor, reports: ReportView[]): Promise<Map<string, PageCaseStatus>> {
    const ids = [...new Set(reports.flatMap((r) => (r.pageCaseId ? [r.pageCaseId] : [])))];
    const views = await Promise.all(ids.map((id) => this.cases.get(actor, id)));
    return new Map(views.map((view) => [view.id, view.status]));
  }

  /** One report with its evidence; 404 unless the caller may see it. */
  async get(actor: Actor, id: string): Promise<ReportDetailView> {
    const report = await this.requireVisible(actor, id);
    const evidence = (await this.db.query(
      `SELECT ${EVIDENCE_COLUMNS} FROM evidence e WHERE e.report_id = $1 ORDER BY e.created_at, e.id`,
      [id],
    )) as EvidenceView[];
    return { ...report, evidence };
  }

  /** The report, or NotFound (404) when it does not exist or the caller may not see it. */
  async requireVisible(actor: Actor, id: string, manager: EntityManager = this.db.manager): Promise<ReportView> {
    const visible = visibleReportsSql(this.policy, actor, 'r', 2);
    const rows = isId(id)
      ? ((await manager.query(`SELECT ${REPORT_COLUMNS} FROM reports r WHERE r.id = $1 AND ${visible.sql}`, [
          id,
          ...visible.params,
        ])) as ReportView[])
      : [];
    if (rows.length === 0) throw new TakedownError(TakedownErrorCode.NotFound, 'report not found', 'id');
    return rows[0];
  }

  /**
   * Links a report to the case of its canonical page, creating the case on the first
   * report. Safe to run twice and against any number of concurrent links: the report row
   * is locked first (a second run sees it linked and stops), and the case insert meets
   * other first reports of the page in the unique index on `canonical_url`, whose
   * conflict path locks the case row, so category recomputations run one after another.
   */
  async link(execution: JobExecution<'reports.link'>): Promise<JobResults['reports.link']> {
    const reportId = execution.payload.reportId;
    return this.db.transaction(async (m) => {
      const [report] = (await m.query(
        `SELECT id, canonical_url AS "canonicalUrl", platform, category, org_unit_id AS "orgUnitId",
                created_at AS "createdAt", page_case_id AS "pageCaseId"
           FROM reports WHERE id = $1 FOR NO KEY UPDATE`,
        [reportId],
      )) as { canonicalUrl: string; platform: string; category: string; orgUnitId: string; createdAt: Date; pageCaseId: string | null }[];
      if (!report) return { pageCaseId: null, linked: false, caseCreated: false };
      if (report.pageCaseId) return { pageCaseId: report.pageCaseId, linked: false, caseCreated: false };
      const [pageCase] = (await m.query(
        `INSERT INTO page_cases (canonical_url, platform, category) VALUES ($1, $2, $3)
         ON CONFLICT (canonical_url) DO UPDATE SET canonical_url = EXCLUDED.canonical_url
         RETURNING id, (xmax = 0) AS created`,
        [report.canonicalUrl, report.platform, report.category],
      )) as { id: string; created: boolean }[];
      await m.query(`UPDATE reports SET page_case_id = $1 WHERE id = $2`, [pageCase.id, reportId]);
      // The most reported category; a tie goes to the category reported first.
      await m.query(
        `UPDATE page_cases pc SET category = (
           SELECT r.category FROM reports r WHERE r.page_case_id = pc.id
            GROUP BY r.category ORDER BY count(*) DESC, min(r.created_at), min(r.id) LIMIT 1)
          WHERE pc.id = $1`,
        [pageCase.id],
      );
      // The case-level figures (pages reported) change with the link, in the report's bucket.
      await this.figures.record(m, [{ orgUnitId: report.orgUnitId, family: 'reports', at: report.createdAt }]);
      return { pageCaseId: pageCase.id, linked: true, caseCreated: pageCase.created };
    });
  }

  private async find(m: EntityManager, id: string): Promise<ReportView | null> {
    const rows = (await m.query(`SELECT ${REPORT_COLUMNS} FROM reports r WHERE r.id = $1`, [id])) as ReportView[];
    return rows[0] ?? null;
  }

  private async findByKey(m: EntityManager, userId: string, key: string) {
    const rows = (await m.query(
      `SELECT ${REPORT_COLUMNS}, r.request_hash AS "hash" FROM reports r WHERE r.user_id = $1 AND r.idempotency_key = $2`,
      [userId, key],
    )) as (ReportView & { hash: Buffer })[];
    return rows[0] ?? null;
  }
}

function replay(earlier: ReportView & { hash: Buffer }, hash: Buffer | null): FiledReport {
  const { hash: stored, ...report } = earlier;
  if (!hash || !stored.equals(hash)) {
    throw new TakedownError(
      TakedownErrorCode.IdempotencyConflict,
      'Idempotency-Key was already used for a different report',
      'Idempotency-Key',
    );
  }
  return { created: false, report };
}

function canonicalPage(url: string): CanonicalPage {
  try {
    return canonicalPageUrl(url);
  } catch (error) {
    if (error instanceof UrlError) throw new InvalidInputError('url', error.message);
    throw error;
  }
}

/** The stated platform, or the page's; a known platform's page stated as another is refused. */
function platformOf(stated: PlatformName | undefined, page: CanonicalPage): PlatformName {
  const detected = page.platform === 'other' ? null : page.platform;
  try {
    return resolvePlatform(stated ?? (detected ? undefined : 'other'), {
      url: page.url,
      host: new URL(page.url).hostname,
      platform: detected,
    });
  } catch (error) {
    if (error instanceof UrlError) throw new InvalidInputError('platform', error.message);
    throw error;
  }
}

/**
 * A backfilled report keeps the date it was filed on paper, so it counts in that year.
 * Only a secretariat or an admin may type such records in; everyone else files now.
 */
function backfillInstant(actor: Actor, reportedAt: string): string {
  if (!actor.roles.includes('secretariat') && !actor.roles.includes('admin')) {
    throw new AccessError(AccessErrorCode.Forbidden, 'reportedAt: only a secretariat or an admin may backfill reports', 'reportedAt');
  }
  return givenInstant('reportedAt', reportedAt);
}
