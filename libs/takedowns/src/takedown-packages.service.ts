import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor } from '@app/access';
import { APP_CONFIG, AppConfig } from '@app/config';
import { JobExecution, JobResults } from '@app/queue-contracts';
import { PageCasesService } from './page-cases.service';
import { buildTakedownPackage, TakedownPackageData } from './takedown-package';
import { TakedownError, TakedownErrorCode } from './takedowns.errors';

/** A built package, ready to download. */
export interface TakedownPackageFile {
  pageCaseId: string;
  content: Buffer;
  builtAt: Date;
}

/**
 * The takedown package of a case: built by the `pages.package` job when the case reaches
 * removal_requested, stored in `page_packages`, and built on demand when a download finds
 * it missing (the job is still queued, or Redis lost it before the sweeper came by).
 */
@Injectable()
export class TakedownPackagesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly cases: PageCasesService,
  ) {}

  /** Builds (or rebuilds) the package from the records as they are now. Safe to run twice. */
  async build(execution: JobExecution<'pages.package'>): Promise<JobResults['pages.package']> {
    const file = await this.buildAndStore(execution.payload.pageCaseId, 'replace');
    return { pageCaseId: execution.payload.pageCaseId, built: file !== null, size: file?.content.length ?? 0 };
  }

  /**
   * The package of a case the caller may see. 404 for a case that never reached
   * removal_requested: before that there is nothing to file.
   */
  async download(actor: Actor, pageCaseId: string): Promise<TakedownPackageFile> {
    await this.cases.requireVisible(actor, pageCaseId);
    const stored = await this.stored(this.db.manager, pageCaseId);
    if (stored) return stored;
    const [requested] = (await this.db.query(
      `SELECT 1 FROM page_case_events WHERE page_case_id = $1 AND to_status = 'removal_requested' LIMIT 1`,
      [pageCaseId],
    )) as unknown[];
    if (!requested) {
      throw new TakedownError(
        TakedownErrorCode.NotFound,
        'the takedown package exists once the case is removal_requested',
        'id',
      );
    }
    // Keep whatever the job stored meanwhile; both were built from the same records.
    await this.buildAndStore(pageCaseId, 'keep');
    return (await this.stored(this.db.manager, pageCaseId)) as TakedownPackageFile;
  }

  private async buildAndStore(pageCaseId: string, onConflict: 'replace' | 'keep'): Promise<TakedownPackageFile | null> {
    const data = await this.gather(pageCaseId);
    if (!data) return null;
    const content = await buildTakedownPackage(data);
    await this.db.query(
      `INSERT INTO page_packages (page_case_id, content, built_at) VALUES ($1, $2, $3)
       ON CONFLICT (page_case_id) DO ${onConflict === 'replace' ? 'UPDATE SET content = EXCLUDED.content, built_at = EXCLUDED.built_at' : 'NOTHING'}`,
      [pageCaseId, content, data.builtAt],
    );
    return { pageCaseId, content, builtAt: data.builtAt };
  }

  private async stored(m: EntityManager, pageCaseId: string): Promise<TakedownPackageFile | null> {
    const rows = (await m.query(
      `SELECT page_case_id AS "pageCaseId", content, built_at AS "builtAt" FROM page_packages WHERE page_case_id = $1`,
      [pageCaseId],
    )) as TakedownPackageFile[];
    return rows[0] ?? null;
  }

  /** Everything the package shows, read in one snapshot so that counts and lists agree. */
  private gather(pageCaseId: string): Promise<TakedownPackageData | null> {
    return this.db.transaction('REPEATABLE READ', async (m) => {
      const [pageCase] = (await m.query(
        `SELECT pc.id, pc.canonical_url AS "canonicalUrl", pc.platform, pc.category, pc.status, now() AS "builtAt"
           FROM page_cases pc WHERE pc.id = $1`,
        [pageCaseId],
      )) as Pick<TakedownPackageData, 'canonicalUrl' | 'platform' | 'category' | 'status' | 'builtAt'>[];
      if (!pageCase) return null;
      const reports = (await m.query(
        `SELECT r.id, r.created_at AS "createdAt", u.full_name AS reporter, o.name AS unit, r.category, r.url, r.description,
                r.user_id AS "userId"
           FROM reports r JOIN users u ON u.id = r.user_id JOIN org_units o ON o.id = r.org_unit_id
          WHERE r.page_case_id = $1 ORDER BY r.created_at, r.id`,
        [pageCaseId],
      )) as (TakedownPackageData['reports'][number] & { userId: string })[];
      const evidence = (await m.query(
        `SELECT e.id, e.report_id AS "reportId", e.media_type AS "mediaType", e.size, e.sha256, e.created_at AS "createdAt"
           FROM evidence e JOIN reports r ON r.id = e.report_id
          WHERE r.page_case_id = $1 ORDER BY e.created_at, e.id`,
        [pageCaseId],
      )) as TakedownPackageData['evidence'];
      // The organisation's filing for the platform: every change with its author (no viewer to hide them from).
      const history = (await this.cases.events(m, pageCaseId)).map((e) => ({
        createdAt: new Date(e.createdAt),
        fromStatus: e.fromStatus,
        toStatus: e.toStatus,
        actor: e.actorName ?? '',
        unit: e.orgUnitName ?? '',
        note: e.note,
        platformRef: e.platformRef,
      }));
      return {
        ...pageCase,
        pageCaseId,
        timeZone: this.config.orgTimezone,
        ...summarise(reports),
        evidence,
        history,
      };
    });
  }
}

type ReportRow = TakedownPackageData['reports'][number] & { userId: string };

/** Counts, reporters (each with the unit of their latest report) and the report list. */
function summarise(rows: ReportRow[]) {
  const categoryCounts = { false_information: 0, scam: 0, impersonation: 0, incitement: 0, hate: 0, other: 0 };
  const reporters = new Map<string, { name: string; unit: string; reports: number }>();
  for (const row of rows) {
    categoryCounts[row.category]++;
    const seen = reporters.get(row.userId);
    reporters.set(row.userId, { name: row.reporter, unit: row.unit, reports: (seen?.reports ?? 0) + 1 });
  }
  return {
    categoryCounts,
    reportCount: rows.length,
    reporterCount: reporters.size,
    firstReportedAt: rows[0]?.createdAt ?? null,
    lastReportedAt: rows[rows.length - 1]?.createdAt ?? null,
    reporters: [...reporters.values()],
    reports: rows.map(({ userId: _userId, ...report }) => report),
  };
}
