import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, PolicyService, UnitScope } from '@app/access';
import { APP_CONFIG, AppConfig } from '@app/config';
import { JobExecution, JobResults } from '@app/queue-contracts';
import { PageCasesRepository } from './page-cases.repository';
import { PageCasesService } from './page-cases.service';
import { PackageReportRow, PagePackagesRepository } from './page-packages.repository';
import { readerOf, treeOfPath } from './report-visibility';
import { buildTakedownPackage, TakedownPackageData } from './takedown-package';
import { TakedownError, TakedownErrorCode } from './takedowns.errors';

/** A built package, ready to download. */
export interface TakedownPackageFile {
  pageCaseId: string;
  content: Buffer;
  builtAt: Date;
}

/**
 * The takedown package of a case, built for its reader (ADR 013): the reports, reporters,
 * evidence and reviewers of the reader's scope, their tree's status and history, the rest
 * of the case only counted. Every download gathers what the reader may see now; a stored
 * copy (`page_packages`, one per case and scope) is served only when its digest says it was
 * built from exactly that, so no copy outlives a unit moved out of its scope or a change
 * made since. The `pages.package` job builds the copy of whoever requested removal.
 */
@Injectable()
export class TakedownPackagesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly policy: PolicyService,
    private readonly cases: PageCasesService,
    private readonly packages: PagePackagesRepository,
    private readonly pageCases: PageCasesRepository,
  ) {}

  /**
   * The `pages.package` job: builds the package for the reviewer who requested removal, as
   * they are now. Nothing to build when they are gone or no longer see the case: each
   * reader's download builds their own. Safe to run twice.
   */
  async build(execution: JobExecution<'pages.package'>, requester: Actor | null): Promise<JobResults['pages.package']> {
    const { pageCaseId } = execution.payload;
    const file = requester ? await this.buildFor(requester, pageCaseId).catch(notBuiltIfHidden) : null;
    return { pageCaseId, built: file !== null, size: file?.content.length ?? 0 };
  }

  /**
   * The package of a case the caller may see, built for them. It reads the caller's tree,
   * or the tree of `orgUnitId` (404 outside the caller's scope, so only an admin can name
   * another tree), as `GET /pages/:id` does. 404 until that tree's track reached
   * removal_requested: before that the tree has nothing to file.
   */
  async download(actor: Actor, pageCaseId: string, orgUnitId?: string): Promise<TakedownPackageFile> {
    const tree = await this.readingTree(actor, orgUnitId);
    await this.cases.requireVisible(actor, pageCaseId, this.db.manager, false, tree);
    if (!(await this.pageCases.trackReachedRemovalRequested(pageCaseId, tree))) {
      throw new TakedownError(
        TakedownErrorCode.NotFound,
        'the takedown package exists once the case is removal_requested',
        'id',
      );
    }
    return this.buildFor(actor, pageCaseId, tree);
  }

  private async buildFor(reader: Actor, pageCaseId: string, tree = treeOfPath(reader.unitPath)): Promise<TakedownPackageFile> {
    const data = await this.gather(reader, pageCaseId, tree);
    const scope = scopeKey(this.policy.scopeOf(reader), tree);
    const digest = digestOf(data);
    const stored = await this.packages.findStored(pageCaseId, scope, digest);
    if (stored) return { pageCaseId, ...stored };
    const content = await buildTakedownPackage(data);
    await this.packages.upsert(this.db.manager, pageCaseId, scope, digest, { content, builtAt: data.builtAt });
    return { pageCaseId, content, builtAt: data.builtAt };
  }

  /** The tree a download reads: `orgUnitId`'s when given (404 outside the caller's scope), else the caller's. */
  private async readingTree(actor: Actor, orgUnitId?: string): Promise<string> {
    if (!orgUnitId) return treeOfPath(actor.unitPath);
    await this.policy.assertUnitInScope(actor, orgUnitId);
    return (await this.policy.rootOf(orgUnitId)) as string;
  }

  /**
   * Everything the reader's package shows, read in one snapshot so that counts and lists
   * agree: the case as the reader sees it (the tree's status, counts over every report), the
   * reports and evidence they may see, and the tree's history as page history shows it to
   * them (a change from outside their scope: what and when only).
   */
  private gather(reader: Actor, pageCaseId: string, tree: string): Promise<TakedownPackageData> {
    return this.db.transaction('REPEATABLE READ', async (m) => {
      const pageCase = await this.cases.requireVisible(reader, pageCaseId, m, false, tree);
      const visibleTo = readerOf(this.policy, reader);
      const reports = await this.packages.listVisibleReports(visibleTo, pageCaseId, m);
      const evidence = await this.packages.listVisibleEvidence(visibleTo, pageCaseId, m);
      const { evidenceCount, builtAt } = await this.packages.countCaseEvidence(pageCaseId, m);
      const history = (await this.cases.events(m, pageCaseId, reader, tree)).map((e) => ({
        createdAt: new Date(e.createdAt),
        fromStatus: e.fromStatus,
        toStatus: e.toStatus,
        actor: e.actorName,
        unit: e.orgUnitName,
        note: e.note,
        platformRef: e.platformRef,
      }));
      return {
        pageCaseId,
        canonicalUrl: pageCase.canonicalUrl,
        platform: pageCase.platform,
        category: pageCase.category,
        categoryCounts: pageCase.categoryCounts,
        status: pageCase.status,
        reportCount: pageCase.reportCount,
        reporterCount: pageCase.reporterCount,
        firstReportedAt: pageCase.firstReportedAt ? new Date(pageCase.firstReportedAt) : null,
        lastReportedAt: pageCase.lastReportedAt ? new Date(pageCase.lastReportedAt) : null,
        ...readerLists(reports),
        evidence,
        history,
        reader: {
          scope: await this.scopeName(m, this.policy.scopeOf(reader)),
          otherReports: pageCase.reportCount - reports.length,
          otherEvidence: evidenceCount - evidence.length,
        },
        builtAt,
        timeZone: this.config.orgTimezone,
      };
    });
  }

  /** The reader's scope as the package's "Lập cho" line names it. */
  private async scopeName(m: EntityManager, scope: UnitScope): Promise<string> {
    if (scope.kind === 'all') return 'Toàn bộ tổ chức (quản trị viên)';
    const name = await this.packages.findScopeUnitName(scope, m);
    return scope.kind === 'subtree' ? `${name} và các đơn vị trực thuộc` : name;
  }
}

/** The reader's reporters (each with the unit of their latest report) and reports. */
function readerLists(rows: PackageReportRow[]): Pick<TakedownPackageData, 'reporters' | 'reports'> {
  const reporters = new Map<string, { name: string; unit: string; reports: number }>();
  for (const row of rows) {
    const seen = reporters.get(row.userId);
    reporters.set(row.userId, { name: row.reporter, unit: row.unit, reports: (seen?.reports ?? 0) + 1 });
  }
  return { reporters: [...reporters.values()], reports: rows.map(({ userId: _userId, ...report }) => report) };
}

/**
 * The `page_packages.scope` of a reader: whose copy it is. An admin's names the tree read
 * too, since the status and history printed are that tree's; anyone else reads their own.
 */
export function scopeKey(scope: UnitScope, tree: string): string {
  switch (scope.kind) {
    case 'all':
      return `all@${tree}`;
    case 'subtree':
      return `subtree:${scope.path}`;
    case 'unit':
      return `unit:${scope.unitId}`;
  }
}

/** What a package holds, as a digest: a stored copy with the same digest is the same document but for its build time. */
function digestOf(data: TakedownPackageData): string {
  return createHash('sha256').update(JSON.stringify({ ...data, builtAt: null })).digest('hex');
}

/** The requester no longer sees the case: no package for them, and no failed job either. */
function notBuiltIfHidden(error: unknown): null {
  if (error instanceof TakedownError && error.code === TakedownErrorCode.NotFound) return null;
  throw error;
}
