import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { UnitScope } from '@app/access';
import { PageCaseEventView, PageCaseStatus, PageCaseView, ReportCategory } from '@app/contracts';
import { changeRows, execute, Queryable, selectOne, selectRows, textSearchSql } from '@app/persistence';
import { inYearSql } from '@app/stats';
import { changeFromUnitInScopeSql, ReportReader, visibleCaseEventsSql, visibleReportsSql } from './report-visibility';

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

/** A page of GET /pages: before `beforeId`, `limit` cases (one more is read to tell whether another page follows). */
export interface PageCasePage {
  beforeId: string | null;
  limit: number;
  year?: number;
  timeZone: string;
  status?: PageCaseStatus;
  due?: boolean;
  orgUnitId?: string;
  movedTo?: PageCaseStatus;
  /** The case's own (most reported) category. */
  category?: ReportCategory;
  /** Search text for canonical URLs: the best matches instead of newest first. */
  q?: string;
}

/** A reviewer's move of one tree's track, as it is filed. */
export interface PageCaseEventRow {
  pageCaseId: string;
  treeUnitId: string;
  fromStatus: PageCaseStatus;
  toStatus: PageCaseStatus;
  actorId: string;
  orgUnitId: string;
  note: string | null;
  platformRef: string | null;
}

export interface InsertedEventRow {
  id: string;
  createdAt: Date;
}

/** A status change with whether it was made from a unit of the reader's scope. */
export type ScopedEventRow = PageCaseEventView & { inScope: boolean };

/** The page a report is filed for, as the link job files its case. */
export interface ReportedPageRow {
  canonicalUrl: string;
  platform: string;
  category: string;
}

export interface LinkedCaseRow {
  id: string;
  created: boolean;
}

/** Page cases (`page_cases`), each tree's review track (`page_case_tracks`) and its changes (`page_case_events`). */
@Injectable()
export class PageCasesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Cases, newest first, with the track of `tree`: those with a report the reader may see,
   * or with `movedTo`, those with a change to that status the reader may see; `year` and
   * `orgUnitId` filter those reports (or changes).
   */
  listVisibleTo(reader: ReportReader, tree: string, page: PageCasePage, db: Queryable = this.dataSource.manager): Promise<PageCaseView[]> {
    const visibleReports = visibleReportsSql(reader, 'r', 10);
    const visibleEvents = visibleCaseEventsSql(reader, 'e', 10);
    const inSubtree = (alias: string) =>
      `($7::bigint IS NULL OR EXISTS (SELECT 1 FROM org_units fo WHERE fo.id = ${alias}.org_unit_id
          AND fo.path <@ (SELECT f.path FROM org_units f WHERE f.id = $7)))`;
    // visibleEvents reads the same parameters as visibleReports.
    const search = page.q ? textSearchSql(['pc.canonical_url'], page.q, 10 + visibleReports.params.length) : null;
    const categoryAt = 10 + visibleReports.params.length + (search?.params.length ?? 0);
    return selectRows<PageCaseView>(
      db,
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
          AND ($${categoryAt}::text IS NULL OR pc.category::text = $${categoryAt})
          ${search ? `AND ${search.match}` : ''}
        ORDER BY ${search ? `${search.rank} DESC, ` : ''}pc.id DESC LIMIT $2`,
      [
        page.beforeId,
        page.limit + 1,
        page.year ?? null,
        page.timeZone,
        page.status ?? null,
        page.due ?? null,
        page.orgUnitId ?? null,
        page.movedTo ?? null,
        tree,
        ...visibleReports.params,
        ...(search?.params ?? []),
        page.category ?? null,
      ],
    );
  }

  /** The case with the track of `tree`, when the reader may see one of its reports (or, `orByChanges`, of its changes). */
  findVisibleTo(
    reader: ReportReader,
    id: string,
    tree: string,
    orByChanges: boolean,
    db: Queryable = this.dataSource.manager,
  ): Promise<PageCaseView | null> {
    const visible = visibleReportsSql(reader, 'r', 3);
    const visibleChange = visibleCaseEventsSql(reader, 'e', 3);
    const byChanges = orByChanges ? `OR EXISTS (SELECT 1 FROM page_case_events e WHERE e.page_case_id = pc.id AND ${visibleChange.sql})` : '';
    return selectOne<PageCaseView>(
      db,
      `SELECT ${CASE_COLUMNS} FROM page_cases pc ${CASE_STATS} ${TRACK_OF(2)}
            WHERE pc.id = $1 AND (EXISTS (SELECT 1 FROM reports r WHERE r.page_case_id = pc.id AND ${visible.sql}) ${byChanges})`,
      [id, tree, ...visible.params],
    );
  }

  /** Locks the case (FOR UPDATE) until the caller's transaction ends. */
  async lock(m: Queryable, id: string): Promise<void> {
    await execute(m, `SELECT 1 FROM page_cases WHERE id = $1 FOR UPDATE`, [id]);
  }

  /** The status of one tree's track of the case; null while nobody of the tree changed it. */
  async findTrackStatus(id: string, tree: string, db: Queryable = this.dataSource.manager): Promise<PageCaseStatus | null> {
    const row = await selectOne<{ status: PageCaseStatus }>(
      db,
      `SELECT status FROM page_case_tracks WHERE page_case_id = $1 AND tree_unit_id = $2`,
      [id, tree],
    );
    return row?.status ?? null;
  }

  async insertEvent(m: Queryable, event: PageCaseEventRow): Promise<InsertedEventRow> {
    const [inserted] = await selectRows<InsertedEventRow>(
      m,
      `INSERT INTO page_case_events (page_case_id, tree_unit_id, from_status, to_status, actor_id, org_unit_id, note, platform_ref)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id, created_at AS "createdAt"`,
      [event.pageCaseId, event.treeUnitId, event.fromStatus, event.toStatus, event.actorId, event.orgUnitId, event.note, event.platformRef],
    );
    return inserted;
  }

  /** Sets the track's status and time, clearing its re-check mark. */
  async upsertTrack(m: Queryable, id: string, tree: string, status: PageCaseStatus, at: Date): Promise<void> {
    await execute(
      m,
      `INSERT INTO page_case_tracks (page_case_id, tree_unit_id, status, status_changed_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (page_case_id, tree_unit_id)
       DO UPDATE SET status = EXCLUDED.status, status_changed_at = EXCLUDED.status_changed_at, due_for_recheck_at = NULL`,
      [id, tree, status, at],
    );
  }

  async updateStatus(m: Queryable, id: string, status: PageCaseStatus, at: Date): Promise<void> {
    await execute(m, `UPDATE page_cases SET status = $2, status_changed_at = $3 WHERE id = $1`, [id, status, at]);
  }

  /** Marks unmarked tracks in removal_requested whose change to it is older than `days`; how many it marked. */
  async markTracksDueForRecheck(m: Queryable, days: number): Promise<number> {
    const { rows } = await changeRows<{ page_case_id: string }>(
      m,
      `UPDATE page_case_tracks tk SET due_for_recheck_at = now()
        WHERE tk.status = 'removal_requested' AND tk.due_for_recheck_at IS NULL
          AND EXISTS (SELECT 1 FROM page_case_events e
                       WHERE e.page_case_id = tk.page_case_id AND e.tree_unit_id = tk.tree_unit_id
                         AND e.to_status = 'removal_requested'
                         AND e.created_at < now() - make_interval(days => $1::int))
       RETURNING tk.page_case_id`,
      [days],
    );
    return rows.length;
  }

  /**
   * The case's status changes, oldest first, with their authors; only `tree`'s when given.
   * `inScope` says whether a change was made from a unit of `authorScope` (always, without one).
   */
  listEvents(id: string, tree: string | null, authorScope: UnitScope | null, db: Queryable = this.dataSource.manager): Promise<ScopedEventRow[]> {
    const inScope = authorScope ? changeFromUnitInScopeSql(authorScope, 'e', 3) : { sql: 'true', params: [] };
    return selectRows<ScopedEventRow>(
      db,
      `SELECT e.id, e.page_case_id AS "pageCaseId", e.from_status AS "fromStatus", e.to_status AS "toStatus",
              e.actor_id AS "actorId", u.full_name AS "actorName", e.org_unit_id AS "orgUnitId", o.name AS "orgUnitName",
              e.note, e.platform_ref AS "platformRef", e.created_at AS "createdAt", (${inScope.sql}) AS "inScope"
         FROM page_case_events e JOIN users u ON u.id = e.actor_id JOIN org_units o ON o.id = e.org_unit_id
        WHERE e.page_case_id = $1 AND ($2::bigint IS NULL OR e.tree_unit_id = $2)
        ORDER BY e.created_at, e.id`,
      [id, tree, ...inScope.params],
    );
  }

  /** Whether the tree's track of the case ever moved to removal_requested. */
  async trackReachedRemovalRequested(id: string, tree: string, db: Queryable = this.dataSource.manager): Promise<boolean> {
    const rows = await selectRows(
      db,
      `SELECT 1 FROM page_case_events WHERE page_case_id = $1 AND tree_unit_id = $2 AND to_status = 'removal_requested' LIMIT 1`,
      [id, tree],
    );
    return rows.length > 0;
  }

  /**
   * The case of the page, inserted on its first report. On conflict the no-op update locks
   * the existing case row; `created` tells which happened.
   */
  async upsertForPage(m: Queryable, page: ReportedPageRow): Promise<LinkedCaseRow> {
    const [linked] = await selectRows<LinkedCaseRow>(
      m,
      `INSERT INTO page_cases (canonical_url, platform, category) VALUES ($1, $2, $3)
         ON CONFLICT (canonical_url) DO UPDATE SET canonical_url = EXCLUDED.canonical_url
         RETURNING id, (xmax = 0) AS created`,
      [page.canonicalUrl, page.platform, page.category],
    );
    return linked;
  }

  /** Sets the case's category to its most reported one; a tie goes to the category reported first. */
  async recomputeCategory(m: Queryable, id: string): Promise<void> {
    await execute(
      m,
      `UPDATE page_cases pc SET category = (
           SELECT r.category FROM reports r WHERE r.page_case_id = pc.id
            GROUP BY r.category ORDER BY count(*) DESC, min(r.created_at), min(r.id) LIMIT 1)
          WHERE pc.id = $1`,
      [id],
    );
  }
}
