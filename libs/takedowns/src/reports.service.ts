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
import { CanonicalPage, canonicalizeUrl, canonicalPageUrl, resolvePlatform, withUrlRefusal } from '@app/platforms';
import { JobExecution, JobProducer, JobResults, RecordedJob } from '@app/queue-contracts';
import { FigureChange, FigureChangeRecorder } from '@app/stats';
import { TasksService } from '@app/tasks';
import { EvidenceRepository } from './evidence.repository';
import { PageCasesRepository } from './page-cases.repository';
import { PageCasesService } from './page-cases.service';
import { readerOf } from './report-visibility';
import { KeyedReportRow, ReportsRepository } from './reports.repository';
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
    private readonly reports: ReportsRepository,
    private readonly pageCases: PageCasesRepository,
    private readonly evidence: EvidenceRepository,
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
      const earlier = await this.reports.findByKey(actor.id, idempotencyKey);
      if (earlier) return replay(earlier, hash);
    }
    const outcome = await this.db.transaction(async (m): Promise<FiledReport & { job?: RecordedJob }> => {
      if (fields.taskId) await this.tasks.assertNameable(actor, fields.taskId, m);
      const inserted = await this.reports.insert(m, {
        ...fields,
        userId: actor.id,
        orgUnitId: actor.orgUnitId,
        idempotencyKey,
        requestHash: hash,
      });
      if (!inserted) {
        // A concurrent request with the same key committed first; its row is visible to this statement.
        const winner = await this.reports.findByKey(actor.id, idempotencyKey as string, m);
        if (!winner) throw new Error('report idempotency conflict without a row');
        return replay(winner, hash);
      }
      const { id, createdAt } = inserted;
      const changes: FigureChange[] = [{ orgUnitId: actor.orgUnitId, family: 'reports', at: createdAt }];
      if (fields.taskId) {
        changes.push(...(await this.tasks.completeByRecords(m, [{ taskId: fields.taskId, userId: actor.id, at: createdAt }])));
      }
      await this.figures.record(m, changes);
      const job = await this.producer.record(m, 'reports.link', { reportId: id }, actor.id);
      const report = await this.reports.findInserted(id, m);
      await this.audit.recordChange(m, actor, {
        action: fields.reportedAt ? 'report.backfill' : 'report.create',
        entityType: 'report',
        entityId: id,
        after: report,
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
    const rows = await this.reports.listVisibleTo(readerOf(this.policy, actor), {
      ...filter,
      beforeId,
      timeZone: this.config.orgTimezone,
    });
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
    const rows = await this.reports.listByAuthor(actor.id, { after: cursor, limit: filter.limit });
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
    return { ...report, evidence: await this.evidence.listOfReport(id) };
  }

  /** The report, or NotFound (404) when it does not exist or the caller may not see it. */
  async requireVisible(actor: Actor, id: string, manager: EntityManager = this.db.manager): Promise<ReportView> {
    const report = isId(id) ? await this.reports.findVisibleTo(readerOf(this.policy, actor), id, manager) : null;
    if (!report) throw new TakedownError(TakedownErrorCode.NotFound, 'report not found', 'id');
    return report;
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
      const report = await this.reports.lockForLink(m, reportId);
      if (!report) return { pageCaseId: null, linked: false, caseCreated: false };
      if (report.pageCaseId) return { pageCaseId: report.pageCaseId, linked: false, caseCreated: false };
      const pageCase = await this.pageCases.upsertForPage(m, report);
      await this.reports.linkToCase(m, reportId, pageCase.id);
      await this.pageCases.recomputeCategory(m, pageCase.id);
      // The case-level figures (pages reported) change with the link, in the report's bucket.
      await this.figures.record(m, [{ orgUnitId: report.orgUnitId, family: 'reports', at: report.createdAt }]);
      return { pageCaseId: pageCase.id, linked: true, caseCreated: pageCase.created };
    });
  }
}

function replay(earlier: KeyedReportRow, hash: Buffer | null): FiledReport {
  const { hash: stored, ...report } = earlier;
  if (!hash || !stored.equals(hash)) {
    throw new TakedownError(
      TakedownErrorCode.IdempotencyKeyReused,
      'Idempotency-Key was already used for a different report',
      'Idempotency-Key',
    );
  }
  return { created: false, report };
}

function canonicalPage(url: string): CanonicalPage {
  return withUrlRefusal(() => canonicalPageUrl(url), (e) => new InvalidInputError('url', e.message));
}

/** The stated platform, or the page's; a known platform's page stated as another is refused. */
function platformOf(stated: PlatformName | undefined, page: CanonicalPage): PlatformName {
  const detected = page.platform === 'other' ? null : page.platform;
  return withUrlRefusal(
    () => resolvePlatform(stated ?? (detected ? undefined : 'other'), { url: page.url, host: new URL(page.url).hostname, platform: detected }),
    (e) => new InvalidInputError('platform', e.message),
  );
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
