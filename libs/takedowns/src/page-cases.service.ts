import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, PolicyService } from '@app/access';
import { AuditService } from '@app/audit';
import { APP_CONFIG, AppConfig } from '@app/config';
import {
  decodeIdCursor,
  isId,
  Page,
  PageCaseEventView,
  PageCaseMoveResult,
  PageCaseStatus,
  PageCaseView,
  REPORT_CATEGORIES,
  ReportCategory,
  searchablePageOf,
} from '@app/contracts';
import { JobProducer, JobResults, RecordedJob } from '@app/queue-contracts';
import { FigureChangeRecorder } from '@app/stats';
import { assertTransition } from './page-case-workflow';
import { PageCasesRepository } from './page-cases.repository';
import { readerOf, treeOfPath } from './report-visibility';
import { TakedownError, TakedownErrorCode } from './takedowns.errors';

/** Filters of GET /pages. */
export interface PageCaseFilter {
  status?: PageCaseStatus;
  year?: number;
  orgUnitId?: string;
  movedTo?: PageCaseStatus;
  due?: boolean;
  category?: ReportCategory;
  q?: string;
  cursor?: string;
  limit: number;
}

/** A reviewer's move of a case (PATCH /pages/:id). */
export interface StatusChange {
  status: PageCaseStatus;
  note?: string;
  platformRef?: string;
}

/**
 * Page cases: one per canonical page, reviewed by the secretariat. A case is visible to
 * whoever may see at least one of its reports; its counts always cover all of its reports.
 * Each tree (top unit's subtree) reviews it on its own track (ADR 008, "A case shared by
 * trees"): its status, history and re-check mark are the tree's, `new` until someone of the
 * tree changes it. A reader reads, and a reviewer moves, the track of their own unit's tree,
 * or of the tree of the `orgUnitId` they name (in scope, else 404: in practice an admin's way
 * to address another tree).
 */
@Injectable()
export class PageCasesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly policy: PolicyService,
    private readonly audit: AuditService,
    private readonly figures: FigureChangeRecorder,
    private readonly producer: JobProducer,
    private readonly pageCases: PageCasesRepository,
  ) {}

  /**
   * Cases with a report the caller may see, newest first, with the status of the reading
   * tree's track (`status` and `due` filter on it). `year` keeps cases with such a report
   * created that year (ORG_TIMEZONE), `orgUnitId` (in scope, else 404) those with such a
   * report stamped in its subtree: the rows behind `pagesReported`.
   *
   * With `movedTo`, a case is listed for its attributed changes to that status instead of
   * its reports: a change the caller may see, made in `year`, by someone stamped in
   * `orgUnitId`'s subtree — the rows behind `pagesRemovalRequested` and `pagesRemoved`.
   * (The figure counts the change wherever the case's reports came from, so the list does too.)
   */
  async list(actor: Actor, filter: PageCaseFilter): Promise<Page<PageCaseView>> {
    const cursorId = decodeIdCursor(filter.cursor);
    // A ranked answer has no id order to resume from: with q, it is the best matches only.
    const beforeId = filter.q === undefined ? cursorId : null;
    const tree = await this.readingTree(actor, filter.orgUnitId);
    const rows = await this.pageCases.listVisibleTo(readerOf(this.policy, actor), tree, {
      ...filter,
      beforeId,
      timeZone: this.config.orgTimezone,
    });
    return searchablePageOf(rows.map(withAllCategories), filter.limit, filter.q);
  }

  /**
   * One case as the reading tree sees it; 404 unless the caller may see one of its reports
   * or one of its status changes (the rows `movedTo` lists it for, so every listed case can
   * be opened).
   */
  async get(actor: Actor, id: string, orgUnitId?: string): Promise<PageCaseView> {
    const tree = await this.readingTree(actor, orgUnitId);
    return this.requireVisible(actor, id, this.db.manager, true, tree);
  }

  /**
   * The status changes of the reading tree's track, oldest first (a track changes at most
   * three times). Another tree's changes are that tree's review and are not listed; within
   * the tree, who moved it from a unit outside the caller's scope, and their note and
   * platform reference, are not shown (null).
   */
  async history(actor: Actor, id: string, orgUnitId?: string): Promise<Page<PageCaseEventView>> {
    const tree = await this.readingTree(actor, orgUnitId);
    await this.requireVisible(actor, id, this.db.manager, true, tree);
    return { items: await this.events(this.db.manager, id, actor, tree), nextCursor: null };
  }

  /**
   * Moves the reviewing tree's track of a case along the workflow (409 for a move it does not
   * allow, judged on that track alone), attributed to the caller and their unit. Reaching
   * removal_requested records the package job; any change clears the track's re-check mark.
   */
  async changeStatus(actor: Actor, id: string, change: StatusChange & { orgUnitId?: string }): Promise<PageCaseView> {
    const tree = await this.readingTree(actor, change.orgUnitId);
    const { view, job } = await this.db.transaction(async (m) => {
      await this.requireVisible(actor, id, m, false, tree);
      // The case lock serialises concurrent reviewers of every tree: the second sees the first's status.
      await this.pageCases.lock(m, id);
      const current = await this.trackStatus(m, id, tree);
      assertTransition(current, change.status);
      const event = await this.pageCases.insertEvent(m, {
        pageCaseId: id,
        treeUnitId: tree,
        fromStatus: current,
        toStatus: change.status,
        actorId: actor.id,
        orgUnitId: actor.orgUnitId,
        note: change.note ?? null,
        platformRef: change.platformRef ?? null,
      });
      await this.moveTrack(m, id, tree, change.status, event.createdAt);
      await this.figures.record(m, [{ orgUnitId: actor.orgUnitId, family: 'pages', at: event.createdAt }]);
      const job: RecordedJob | null =
        change.status === 'removal_requested'
          ? await this.producer.record(m, 'pages.package', { pageCaseId: id }, actor.id)
          : null;
      const after = await this.requireVisible(actor, id, m, false, tree);
      await this.audit.recordChange(m, actor, {
        action: 'page_case.status',
        entityType: 'page_case',
        entityId: id,
        before: { status: current, treeUnitId: tree },
        after: {
          status: after.status,
          treeUnitId: tree,
          note: change.note ?? null,
          platformRef: change.platformRef ?? null,
          eventId: event.id,
        },
      });
      return { view: after, job };
    });
    if (job) await this.producer.dispatch(job);
    return view;
  }

  /**
   * Moves several cases of the caller's tree's review to `to`, each in its own transaction
   * exactly as {@link changeStatus} does (one event and one audit entry per case): a case
   * the workflow refuses, or that is outside scope (not found, never changed), is answered
   * as such and does not hold the others back.
   */
  async changeStatuses(actor: Actor, ids: readonly string[], change: StatusChange): Promise<PageCaseMoveResult[]> {
    const results: PageCaseMoveResult[] = [];
    for (const id of ids) results.push(await this.moveOne(actor, id, change));
    return results;
  }

  private async moveOne(actor: Actor, id: string, change: StatusChange): Promise<PageCaseMoveResult> {
    try {
      const view = await this.changeStatus(actor, id, change);
      return { pageCaseId: id, outcome: 'changed', status: view.status, message: null };
    } catch (error) {
      if (!(error instanceof TakedownError)) throw error;
      if (error.code === TakedownErrorCode.NotFound) return { pageCaseId: id, outcome: 'not_found', status: null, message: error.message };
      if (error.code !== TakedownErrorCode.InvalidTransition) throw error;
      const now = await this.requireVisible(actor, id);
      return { pageCaseId: id, outcome: 'invalid_transition', status: now.status, message: error.message };
    }
  }

  /**
   * Marks each tree's track that has waited in removal_requested longer than
   * TAKEDOWN_RECHECK_DAYS (counted from that tree's attributed change that put it there) as
   * due for a re-check. Safe to run twice: marked tracks are left as they are, and a change
   * of the track clears its mark. `marked` counts tracks.
   */
  async markDueForRecheck(): Promise<JobResults['pages.recheck']> {
    return { marked: await this.pageCases.markTracksDueForRecheck(this.db.manager, this.config.takedownRecheckDays) };
  }

  /**
   * The case's status changes, oldest first, with who made them and from which unit. For a
   * `viewer`, only the changes of one tree's track (default: the viewer's tree), and only
   * those made from a unit in the viewer's scope keep their author. Without a viewer (the
   * organisation's filing), every tree's changes with their authors.
   */
  async events(m: EntityManager, id: string, viewer?: Actor, tree?: string): Promise<PageCaseEventView[]> {
    const ofTree = viewer ? (tree ?? treeOfPath(viewer.unitPath)) : null;
    const rows = await this.pageCases.listEvents(id, ofTree, viewer ? this.policy.scopeOf(viewer) : null, m);
    return rows.map(({ inScope: seen, ...event }) => (seen ? event : withoutAuthor(event)));
  }

  /**
   * The case as one tree sees it (default: the caller's), or NotFound (404) when it does not
   * exist or the caller may see none of its reports (nor, with `orByChanges`, any of its
   * status changes). Acting on a case and its evidence package stays with those who see its
   * reports.
   */
  async requireVisible(
    actor: Actor,
    id: string,
    manager: EntityManager = this.db.manager,
    orByChanges = false,
    tree: string = treeOfPath(actor.unitPath),
  ): Promise<PageCaseView> {
    const pageCase = isId(id) ? await this.pageCases.findVisibleTo(readerOf(this.policy, actor), id, tree, orByChanges, manager) : null;
    if (!pageCase) throw new TakedownError(TakedownErrorCode.NotFound, 'page case not found', 'id');
    return withAllCategories(pageCase);
  }

  /**
   * The tree whose track a request reads or moves: that of `orgUnitId` when given (404
   * outside the caller's scope, so only an admin can name another tree), else the caller's.
   */
  private async readingTree(actor: Actor, orgUnitId?: string): Promise<string> {
    if (!orgUnitId) return treeOfPath(actor.unitPath);
    await this.policy.assertUnitInScope(actor, orgUnitId);
    return (await this.policy.rootOf(orgUnitId)) as string;
  }

  /** The status of one tree's track of the case: `new` until someone of the tree changes it. */
  private async trackStatus(m: EntityManager, id: string, tree: string): Promise<PageCaseStatus> {
    return (await this.pageCases.findTrackStatus(id, tree, m)) ?? 'new';
  }

  /**
   * Sets the track's status (clearing its re-check mark), and the case's own status to this
   * latest change of any tree: `page_cases.status` is where the page last moved anywhere.
   */
  private async moveTrack(m: EntityManager, id: string, tree: string, status: PageCaseStatus, at: Date): Promise<void> {
    await this.pageCases.upsertTrack(m, id, tree, status, at);
    await this.pageCases.updateStatus(m, id, status, at);
  }
}

/** A change seen from another subtree: what happened and when, not who or what they wrote. */
function withoutAuthor(event: PageCaseEventView): PageCaseEventView {
  return { ...event, actorId: null, actorName: null, orgUnitId: null, orgUnitName: null, note: null, platformRef: null };
}

/** Every category appears in the counts, with 0 when nobody chose it. */
function withAllCategories(view: PageCaseView): PageCaseView {
  const counts = view.categoryCounts as Partial<Record<ReportCategory, number>>;
  return {
    ...view,
    categoryCounts: Object.fromEntries(REPORT_CATEGORIES.map((c) => [c, counts[c] ?? 0])) as Record<ReportCategory, number>,
  };
}
