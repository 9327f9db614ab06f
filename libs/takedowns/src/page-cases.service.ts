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
  PageCaseStatus,
  PageCaseView,
  pageOf,
  REPORT_CATEGORIES,
  ReportCategory,
} from '@app/contracts';
import { JobProducer, JobResults, RecordedJob } from '@app/queue-contracts';
import { FigureChangeRecorder, inYearSql } from '@app/stats';
import { assertTransition } from './page-case-workflow';
import { changeFromUnitInScopeSql, treeOfPath, visibleCaseEventsSql, visibleReportsSql } from './report-visibility';
import { TakedownError, TakedownErrorCode } from './takedowns.errors';

/** Filters of GET /pages. */
export interface PageCaseFilter {
  status?: PageCaseStatus;
  year?: number;
  orgUnitId?: string;
  movedTo?: PageCaseStatus;
  due?: boolean;
  cursor?: string;
  limit: number;
}

/** A reviewer's move of a case (PATCH /pages/:id). */
export interface StatusChange {
  status: PageCaseStatus;
  note?: string;
  platformRef?: string;
}

/** A tree whose people never changed the case reads it as new. */
const TRACK_STATUS = `coalesce(tk.status, 'new')`;

/**
 * A case with counts computed from all of its reports (never kept as counters), and the
 * status, status time and re-check mark of one tree's track (`tk`, see TRACK_OF).
 */
const CASE_COLUMNS = `pc.id, pc.canonical_url AS "canonicalUrl", pc.platform, ${TRACK_STATUS} AS status, pc.category,
  s.counts AS "categoryCounts", s.report_count AS "reportCount", s.reporter_count AS "reporterCount",
  s.first_at AS "firstReportedAt", s.last_at AS "lastReportedAt",
  (tk.due_for_recheck_at IS NOT NULL) AS "dueForRecheck", coalesce(tk.status_changed_at, pc.created_at) AS "statusChangedAt",
  pc.created_at AS "createdAt"`;

/** The track of the tree whose top unit's id is parameter $n, joined as `tk`. */
const TRACK_OF = (n: number) => `LEFT JOIN page_case_tracks tk ON tk.page_case_id = pc.id AND tk.tree_unit_id = $${n}::bigint`;

const CASE_STATS = `CROSS JOIN LATERAL (
    SELECT count(*)::int AS report_count, count(DISTINCT r.user_id)::int AS reporter_count,
           min(r.created_at) AS first_at, max(r.created_at) AS last_at,
           (SELECT coalesce(jsonb_object_agg(c.category, c.n), '{}'::jsonb)
              FROM (SELECT category, count(*)::int AS n FROM reports WHERE page_case_id = pc.id GROUP BY category) c) AS counts
      FROM reports r WHERE r.page_case_id = pc.id) s`;

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
    const beforeId = decodeIdCursor(filter.cursor);
    const tree = await this.readingTree(actor, filter.orgUnitId);
    const visibleReports = visibleReportsSql(this.policy, actor, 'r', 10);
    const visibleEvents = visibleCaseEventsSql(this.policy, actor, 'e', 10);
    const inSubtree = (alias: string) =>
      `($7::bigint IS NULL OR EXISTS (SELECT 1 FROM org_units fo WHERE fo.id = ${alias}.org_unit_id
          AND fo.path <@ (SELECT f.path FROM org_units f WHERE f.id = $7)))`;
    const rows = (await this.db.query(
      `SELECT ${CASE_COLUMNS} FROM page_cases pc ${CASE_STATS} ${TRACK_OF(9)}
        WHERE (($8::text IS NULL
                AND EXISTS (SELECT 1 FROM reports r WHERE r.page_case_id = pc.id AND ${visibleReports.sql}
                               AND ($3::int IS NULL OR (${inYearSql('r.created_at', '$3', '$4')}))
                               AND ${inSubtree('r')}))
            OR ($8::text IS NOT NULL
                AND EXISTS (SELECT 1 FROM page_case_events e WHERE e.page_case_id = pc.id AND e.to_status = $8
                               AND ${visibleEvents.sql}
                               AND ($3::int IS NULL OR (${inYearSql('e.created_at', '$3', '$4')}))
                               AND ${inSubtree('e')})))
          AND ($1::bigint IS NULL OR pc.id < $1)
          AND ($5::text IS NULL OR ${TRACK_STATUS} = $5)
          AND ($6::boolean IS NOT TRUE OR tk.due_for_recheck_at IS NOT NULL)
        ORDER BY pc.id DESC LIMIT $2`,
      [
        beforeId,
        filter.limit + 1,
        filter.year ?? null,
        this.config.orgTimezone,
        filter.status ?? null,
        filter.due ?? null,
        filter.orgUnitId ?? null,
        filter.movedTo ?? null,
        tree,
        ...visibleReports.params,
      ],
    )) as PageCaseView[];
    return pageOf(rows.map(withAllCategories), filter.limit);
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
      await m.query(`SELECT 1 FROM page_cases WHERE id = $1 FOR UPDATE`, [id]);
      const current = await this.trackStatus(m, id, tree);
      assertTransition(current, change.status);
      const [event] = (await m.query(
        `INSERT INTO page_case_events (page_case_id, tree_unit_id, from_status, to_status, actor_id, org_unit_id, note, platform_ref)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id, created_at AS "createdAt"`,
        [id, tree, current, change.status, actor.id, actor.orgUnitId, change.note ?? null, change.platformRef ?? null],
      )) as { id: string; createdAt: Date }[];
      await this.moveTrack(m, id, tree, change.status, event.createdAt);
      await this.figures.record(m, [{ orgUnitId: actor.orgUnitId, family: 'pages', at: event.createdAt }]);
      const job: RecordedJob | null =
        change.status === 'removal_requested'
          ? await this.producer.record(m, 'pages.package', { pageCaseId: id }, actor.id)
          : null;
      const after = await this.requireVisible(actor, id, m, false, tree);
      await this.audit.record(m, {
        actorId: actor.id,
        actorRoles: actor.roles,
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
        requestId: actor.requestId,
      });
      return { view: after, job };
    });
    if (job) await this.producer.dispatch(job);
    return view;
  }

  /**
   * Marks each tree's track that has waited in removal_requested longer than
   * TAKEDOWN_RECHECK_DAYS (counted from that tree's attributed change that put it there) as
   * due for a re-check. Safe to run twice: marked tracks are left as they are, and a change
   * of the track clears its mark. `marked` counts tracks.
   */
  async markDueForRecheck(): Promise<JobResults['pages.recheck']> {
    const [rows] = (await this.db.query(
      `UPDATE page_case_tracks tk SET due_for_recheck_at = now()
        WHERE tk.status = 'removal_requested' AND tk.due_for_recheck_at IS NULL
          AND EXISTS (SELECT 1 FROM page_case_events e
                       WHERE e.page_case_id = tk.page_case_id AND e.tree_unit_id = tk.tree_unit_id
                         AND e.to_status = 'removal_requested'
                         AND e.created_at < now() - make_interval(days => $1::int))
       RETURNING tk.page_case_id`,
      [this.config.takedownRecheckDays],
    )) as [{ page_case_id: string }[], number];
    return { marked: rows.length };
  }

  /**
   * The case's status changes, oldest first, with who made them and from which unit. For a
   * `viewer`, only the changes of one tree's track (default: the viewer's tree), and only
   * those made from a unit in the viewer's scope keep their author. Without a viewer (the
   * organisation's filing), every tree's changes with their authors.
   */
  async events(m: EntityManager, id: string, viewer?: Actor, tree?: string): Promise<PageCaseEventView[]> {
    const inScope = viewer ? changeFromUnitInScopeSql(this.policy, viewer, 'e', 3) : { sql: 'true', params: [] };
    const ofTree = viewer ? (tree ?? treeOfPath(viewer.unitPath)) : null;
    const rows = (await m.query(
      `SELECT e.id, e.page_case_id AS "pageCaseId", e.from_status AS "fromStatus", e.to_status AS "toStatus",
              e.actor_id AS "actorId", u.full_name AS "actorName", e.org_unit_id AS "orgUnitId", o.name AS "orgUnitName",
              e.note, e.platform_ref AS "platformRef", e.created_at AS "createdAt", (${inScope.sql}) AS "inScope"
         FROM page_case_events e JOIN users u ON u.id = e.actor_id JOIN org_units o ON o.id = e.org_unit_id
        WHERE e.page_case_id = $1 AND ($2::bigint IS NULL OR e.tree_unit_id = $2)
        ORDER BY e.created_at, e.id`,
      [id, ofTree, ...inScope.params],
    )) as (PageCaseEventView & { inScope: boolean })[];
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
    const visible = visibleReportsSql(this.policy, actor, 'r', 3);
    const visibleChange = visibleCaseEventsSql(this.policy, actor, 'e', 3);
    const byChanges = orByChanges ? `OR EXISTS (SELECT 1 FROM page_case_events e WHERE e.page_case_id = pc.id AND ${visibleChange.sql})` : '';
    const rows = isId(id)
      ? ((await manager.query(
          `SELECT ${CASE_COLUMNS} FROM page_cases pc ${CASE_STATS} ${TRACK_OF(2)}
            WHERE pc.id = $1 AND (EXISTS (SELECT 1 FROM reports r WHERE r.page_case_id = pc.id AND ${visible.sql}) ${byChanges})`,
          [id, tree, ...visible.params],
        )) as PageCaseView[])
      : [];
    if (rows.length === 0) throw new TakedownError(TakedownErrorCode.NotFound, 'page case not found', 'id');
    return withAllCategories(rows[0]);
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
    const [row] = (await m.query(`SELECT status FROM page_case_tracks WHERE page_case_id = $1 AND tree_unit_id = $2`, [
      id,
      tree,
    ])) as { status: PageCaseStatus }[];
    return row?.status ?? 'new';
  }

  /**
   * Sets the track's status (clearing its re-check mark), and the case's own status to this
   * latest change of any tree: `page_cases.status` is where the page last moved anywhere.
   */
  private async moveTrack(m: EntityManager, id: string, tree: string, status: PageCaseStatus, at: Date): Promise<void> {
    await m.query(
      `INSERT INTO page_case_tracks (page_case_id, tree_unit_id, status, status_changed_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (page_case_id, tree_unit_id)
       DO UPDATE SET status = EXCLUDED.status, status_changed_at = EXCLUDED.status_changed_at, due_for_recheck_at = NULL`,
      [id, tree, status, at],
    );
    await m.query(`UPDATE page_cases SET status = $2, status_changed_at = $3 WHERE id = $1`, [id, status, at]);
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
