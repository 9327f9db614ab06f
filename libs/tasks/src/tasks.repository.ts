import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { UnitScope, unitScopeSql } from '@app/access';
import { AssignmentStatus, PendingAssignee, TaskProgressCounts, TaskUnitProgress } from '@app/contracts';
import { changeRows, execute, Queryable, selectOne, selectRows, textSearchSql } from '@app/persistence';
import { inYearSql } from '@app/stats';
import { ASSIGNMENT_COLUMNS, AssignmentView, TASK_COLUMNS, TASK_COUNTS, TASK_OVERDUE, TaskAssignees, TaskView } from './task-views';

/** How many recipients one fan-out transaction handles. */
export const FAN_OUT_CHUNK = 5000;

/**
 * Everyone a task reaches: named users, team members, active users of named subtrees, each
 * only while inside the creator's scope: the subtree of the task's unit (the creator's unit),
 * or everywhere for an admin's task ($n+3 NULL). A team outlives moves of its members, and a
 * member moved to another tree must not get this tree's instructions nor count in its figures.
 * The three id arrays are parameters $n, $n+1, $n+2; the scope's path is $n+3.
 */
const recipientsSql = (n: number) => `
  SELECT r.id, r.org_unit_id FROM (
    SELECT u.id, u.org_unit_id FROM users u WHERE u.active AND u.id = ANY($${n}::bigint[])
    UNION
    SELECT u.id, u.org_unit_id FROM team_members tm JOIN users u ON u.id = tm.user_id
     WHERE u.active AND tm.team_id = ANY($${n + 1}::bigint[])
    UNION
    SELECT u.id, u.org_unit_id FROM org_units root
      JOIN org_units o ON o.path <@ root.path JOIN users u ON u.org_unit_id = o.id
     WHERE root.id = ANY($${n + 2}::bigint[]) AND u.active
  ) r JOIN org_units ro ON ro.id = r.org_unit_id
  WHERE $${n + 3}::ltree IS NULL OR ro.path <@ $${n + 3}::ltree`;

/** The `overdue` filter of a task list. */
const overdueSql = (overdue: boolean | null | undefined) =>
  overdue === true ? ` AND ${TASK_OVERDUE}` : overdue === false ? ` AND NOT ${TASK_OVERDUE}` : '';

/** Each kind of assignee a task names, by id, joined to the unit (`o`) it belongs to. */
const ASSIGNEE_SOURCES = {
  userIds: 'users u JOIN org_units o ON o.id = u.org_unit_id WHERE u.id = ANY($1::bigint[])',
  teamIds: 'teams t JOIN org_units o ON o.id = t.org_unit_id WHERE t.id = ANY($1::bigint[])',
  orgUnitIds: 'org_units o WHERE o.id = ANY($1::bigint[])',
} as const;

/** A kind of assignee a task names. */
export type AssigneeKind = keyof typeof ASSIGNEE_SOURCES;

/** An assignment by id, with its task, optionally locked. */
const assignmentByIdSql = (lock: boolean) =>
  `SELECT ${ASSIGNMENT_COLUMNS} FROM assignments a JOIN tasks t ON t.id = a.task_id WHERE a.id = $1
       ${lock ? 'FOR UPDATE OF a' : ''}`;

/** A task as it is inserted. */
export type NewTaskRow = Pick<
  TaskView,
  'title' | 'kind' | 'instructions' | 'contentId' | 'targetUrl' | 'dueAt' | 'orgUnitId' | 'createdBy'
> & { assignees: Required<TaskAssignees> };

/** Who is looking at tasks: their id and their unit's path. */
export interface TaskViewerRow {
  id: string;
  unitPath: string;
}

/** A page of tasks, newest first. */
export interface TaskPage {
  beforeId: string | null;
  /** How many to answer; one more is read to tell whether another page follows. */
  limit: number;
  status: 'open' | 'closed' | null;
  /** true: only open tasks past their due time; false: only the others; null: both. */
  overdue?: boolean | null;
  /** Search text for titles: the best matches instead of newest first. */
  q?: string | null;
  /** Only the tasks of units in scope (the ones whose progress the caller may follow), not those from above or given to them. */
  managed?: boolean;
}

/** A page of one person's assignments, newest first. */
export interface OwnAssignmentPage {
  beforeId: string | null;
  limit: number;
  status: AssignmentStatus | null;
}

/** A page of assignments in scope, newest first. */
export interface AssignmentPage {
  beforeId: string | null;
  limit: number;
  status: AssignmentStatus | null;
  /** Keeps those completed in this year, in `timezone`. */
  year: number | null;
  timezone: string;
  /** Keeps those stamped with a unit of this subtree. */
  orgUnitId: string | null;
}

/** Where an assignment counts and when it was completed (null unless done). */
export interface AssignmentStampRow {
  orgUnitId: string;
  completedAt: Date | null;
}

/** An assignment completed by a record naming its task. */
export interface CompletedAssignmentRow {
  orgUnitId: string;
  completedAt: Date;
}

/** A completion caused by a record that names a task. */
export interface AssignmentCompletionRow {
  taskId: string;
  userId: string;
  at: Date | string;
}

/** What fanning a task out needs: whom it names, and the creator's scope (null for an admin's task). */
export interface FanOutSourceRow {
  title: string;
  assignees: TaskAssignees;
  scope: string | null;
}

/** The recipients' parameters: user, team and unit ids, and the scope's path. */
export type RecipientLists = [userIds: string[], teamIds: string[], orgUnitIds: string[], scope: string | null];

/** What one fan-out chunk did. */
export interface FanOutChunkRow {
  size: number;
  last: string | null;
  created: number;
  done: { orgUnitId: string; at: string }[];
  /** Who got a new assignment still to do: the people to notify. */
  assignedUserIds: string[];
}

/** A page of a task's progress within one subtree (`path`), limited to the caller's scope. */
export interface ProgressPage {
  taskId: string;
  /** null: wherever the task reaches. */
  path: string | null;
  /** The last row of the previous page: a unit id (per unit) or an assignment id (pending). */
  afterId: string | null;
  limit: number;
}

const PROGRESS_COUNTS = `count(a.id)::int AS assigned,
  count(a.id) FILTER (WHERE a.status = 'done')::int AS done,
  count(a.id) FILTER (WHERE a.status = 'declined')::int AS declined`;

/** Tasks and their assignments. */
@Injectable()
export class TasksRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The new task's id. */
  async insert(m: Queryable, task: NewTaskRow): Promise<string> {
    const [{ id }] = await selectRows<{ id: string }>(
      m,
      `INSERT INTO tasks (title, kind, instructions, content_id, target_url, due_at, org_unit_id, created_by, assignees)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [
        task.title,
        task.kind,
        task.instructions,
        task.contentId,
        task.targetUrl,
        task.dueAt,
        task.orgUnitId,
        task.createdBy,
        JSON.stringify(task.assignees),
      ],
    );
    return id;
  }

  findById(id: string, db: Queryable = this.dataSource.manager): Promise<TaskView | null> {
    return selectOne<TaskView>(db, `SELECT ${TASK_COLUMNS}, ${TASK_COUNTS} FROM tasks t WHERE t.id = $1`, [id]);
  }

  /** Tasks of units in scope, tasks issued above the viewer's unit, tasks the viewer is assigned to. */
  listVisibleTo(
    scope: UnitScope,
    viewer: TaskViewerRow,
    page: TaskPage,
    db: Queryable = this.dataSource.manager,
  ): Promise<TaskView[]> {
    const filter = unitScopeSql(scope, 'o', 6);
    const search = page.q ? textSearchSql(['t.title'], page.q, 6 + filter.params.length) : null;
    const managed = `$${6 + filter.params.length + (search?.params.length ?? 0)}::boolean`;
    return selectRows<TaskView>(
      db,
      `SELECT ${TASK_COLUMNS}, ${TASK_COUNTS} FROM tasks t JOIN org_units o ON o.id = t.org_unit_id
        WHERE ($1::bigint IS NULL OR t.id < $1) AND ($3::text IS NULL OR t.status = $3)${overdueSql(page.overdue)}
          AND (${filter.sql} OR (NOT ${managed} AND (o.path @> $5::ltree
               OR EXISTS (SELECT 1 FROM assignments a WHERE a.task_id = t.id AND a.user_id = $4))))
          ${search ? `AND ${search.match}` : ''}
        ORDER BY ${search ? `${search.rank} DESC, t.title COLLATE "vi-x-icu", ` : ''}t.id DESC LIMIT $2`,
      [page.beforeId, page.limit + 1, page.status, viewer.id, viewer.unitPath, ...filter.params, ...(search?.params ?? []), page.managed === true],
    );
  }

  /** Whether the task's unit is in scope, above the viewer's unit, or the viewer is assigned to it. */
  async isVisibleTo(
    scope: UnitScope,
    viewer: TaskViewerRow,
    task: Pick<TaskView, 'id' | 'orgUnitId'>,
    db: Queryable = this.dataSource.manager,
  ): Promise<boolean> {
    const filter = unitScopeSql(scope, 'o', 5);
    const rows = await selectRows<unknown>(
      db,
      `SELECT 1 FROM org_units o WHERE o.id = $1
          AND (${filter.sql} OR o.path @> $3::ltree
               OR EXISTS (SELECT 1 FROM assignments a WHERE a.task_id = $2 AND a.user_id = $4))`,
      [task.orgUnitId, task.id, viewer.unitPath, viewer.id, ...filter.params],
    );
    return rows.length > 0;
  }

  /** How many of the ids name a thing of this kind whose unit lies in the scope. */
  async countAssigneesVisibleAmong(
    kind: AssigneeKind,
    ids: string[],
    scope: UnitScope,
    db: Queryable = this.dataSource.manager,
  ): Promise<number> {
    const filter = unitScopeSql(scope, 'o', 2);
    const [{ n }] = await selectRows<{ n: number }>(
      db,
      `SELECT count(*)::int AS n FROM ${ASSIGNEE_SOURCES[kind]} AND ${filter.sql}`,
      [ids, ...filter.params],
    );
    return n;
  }

  /** Closes the task; a closed task keeps its first closing time. */
  async close(m: Queryable, id: string): Promise<void> {
    await execute(m, `UPDATE tasks SET status = 'closed', closed_at = coalesce(closed_at, now()) WHERE id = $1`, [id]);
  }

  /** The task, locked (FOR UPDATE) until the caller's transaction ends. */
  async lock(m: Queryable, id: string): Promise<void> {
    await execute(m, `SELECT 1 FROM tasks WHERE id = $1 FOR UPDATE`, [id]);
  }

  /** One person's assignments, newest first. */
  listAssignmentsOf(userId: string, page: OwnAssignmentPage, db: Queryable = this.dataSource.manager): Promise<AssignmentView[]> {
    return selectRows<AssignmentView>(
      db,
      `SELECT ${ASSIGNMENT_COLUMNS} FROM assignments a JOIN tasks t ON t.id = a.task_id
        WHERE a.user_id = $1 AND ($2::bigint IS NULL OR a.id < $2) AND ($4::text IS NULL OR a.status = $4)
        ORDER BY a.id DESC LIMIT $3`,
      [userId, page.beforeId, page.limit + 1, page.status],
    );
  }

  /** Assignments stamped with a unit in the scope, newest first. */
  listAssignmentsVisibleTo(
    scope: UnitScope,
    page: AssignmentPage,
    db: Queryable = this.dataSource.manager,
  ): Promise<AssignmentView[]> {
    const filter = unitScopeSql(scope, 'o', 7);
    return selectRows<AssignmentView>(
      db,
      `SELECT ${ASSIGNMENT_COLUMNS} FROM assignments a
         JOIN tasks t ON t.id = a.task_id JOIN org_units o ON o.id = a.org_unit_id
        WHERE ($1::bigint IS NULL OR a.id < $1) AND ($3::text IS NULL OR a.status = $3)
          AND ($4::int IS NULL OR (${inYearSql('a.completed_at', '$4', '$5')}))
          AND ($6::bigint IS NULL OR o.path <@ (SELECT f.path FROM org_units f WHERE f.id = $6))
          AND ${filter.sql}
        ORDER BY a.id DESC LIMIT $2`,
      [page.beforeId, page.limit + 1, page.status, page.year, page.timezone, page.orgUnitId, ...filter.params],
    );
  }

  findAssignment(id: string, db: Queryable = this.dataSource.manager): Promise<AssignmentView | null> {
    return selectOne<AssignmentView>(db, assignmentByIdSql(false), [id]);
  }

  /** The assignment, locked (FOR UPDATE OF the assignment) until the caller's transaction ends. */
  lockAssignment(m: Queryable, id: string): Promise<AssignmentView | null> {
    return selectOne<AssignmentView>(m, assignmentByIdSql(true), [id]);
  }

  /** Marks the (locked, so existing) assignment done (stamped now) or declined. */
  async setAssignmentStatus(m: Queryable, id: string, status: 'done' | 'declined'): Promise<AssignmentStampRow> {
    const { rows } = await changeRows<AssignmentStampRow>(
      m,
      `UPDATE assignments SET status = $2::text, completed_at = CASE WHEN $2::text = 'done' THEN now() END, updated_at = now()
          WHERE id = $1 RETURNING org_unit_id AS "orgUnitId", completed_at AS "completedAt"`,
      [id, status],
    );
    return rows[0];
  }

  /**
   * Completes the assigned assignments of open tasks that the completions name, each stamped
   * with the earliest time naming it.
   */
  async completeOpenAssignments(
    m: Queryable,
    completions: readonly AssignmentCompletionRow[],
  ): Promise<CompletedAssignmentRow[]> {
    const { rows } = await changeRows<CompletedAssignmentRow>(
      m,
      `WITH done AS (
         SELECT task_id, user_id, min(at) AS at
           FROM unnest($1::bigint[], $2::bigint[], $3::timestamptz[]) AS c(task_id, user_id, at)
          GROUP BY task_id, user_id)
       UPDATE assignments a SET status = 'done', completed_at = done.at, updated_at = now()
         FROM done, tasks t
        WHERE a.task_id = done.task_id AND a.user_id = done.user_id AND a.status = 'assigned'
          AND t.id = a.task_id AND t.status = 'open'
       RETURNING a.org_unit_id AS "orgUnitId", a.completed_at AS "completedAt"`,
      [
        completions.map((c) => c.taskId),
        completions.map((c) => c.userId),
        completions.map((c) => (c.at instanceof Date ? c.at.toISOString() : c.at)),
      ],
    );
    return rows;
  }

  /** Whom the task names and its creator's scope; null when the task is gone. */
  findFanOutSource(taskId: string, db: Queryable = this.dataSource.manager): Promise<FanOutSourceRow | null> {
    return selectOne<FanOutSourceRow>(
      db,
      `SELECT t.title, t.assignees, CASE WHEN 'admin' = ANY(c.roles) THEN NULL ELSE o.path::text END AS scope
         FROM tasks t JOIN org_units o ON o.id = t.org_unit_id LEFT JOIN users c ON c.id = t.created_by WHERE t.id = $1`,
      [taskId],
    );
  }

  /** How many people the lists reach. */
  async countRecipients(lists: RecipientLists, db: Queryable = this.dataSource.manager): Promise<number> {
    const [{ total }] = await selectRows<{ total: number }>(db, `SELECT count(*)::int AS total FROM (${recipientsSql(1)}) r`, lists);
    return total;
  }

  /**
   * Inserts the assignments of the next {@link FAN_OUT_CHUNK} recipients after `after` (by id),
   * done at once for those who already logged a record naming the task while it was open.
   */
  async insertFanOutChunk(m: Queryable, taskId: string, lists: RecipientLists, after: string): Promise<FanOutChunkRow> {
    const [row] = await selectRows<FanOutChunkRow>(
      m,
      `WITH recipients AS (${recipientsSql(2)}),
            open_until AS (SELECT coalesce(closed_at, 'infinity') AS at FROM tasks WHERE id = $1),
            chunk AS (SELECT id, org_unit_id FROM recipients WHERE id > $6 ORDER BY id LIMIT ${FAN_OUT_CHUNK}),
            inserted AS (
              INSERT INTO assignments (task_id, user_id, org_unit_id, status, completed_at)
              SELECT $1, c.id, c.org_unit_id, CASE WHEN f.at IS NULL THEN 'assigned' ELSE 'done' END, f.at
                FROM chunk c
                LEFT JOIN LATERAL (
                  -- least() skips NULLs: the earlier of the first action and the first report naming the task.
                  SELECT least(
                    (SELECT min(a.occurred_at) FROM actions a
                      WHERE a.task_id = $1 AND a.user_id = c.id AND a.created_at < (SELECT at FROM open_until)),
                    (SELECT min(r.created_at) FROM reports r
                      WHERE r.task_id = $1 AND r.user_id = c.id AND r.created_at < (SELECT at FROM open_until))) AS at
                ) f ON true
              ON CONFLICT (task_id, user_id) DO NOTHING
              RETURNING user_id, org_unit_id, status, completed_at)
       SELECT (SELECT count(*)::int FROM chunk) AS size, (SELECT max(id)::text FROM chunk) AS last,
              (SELECT count(*)::int FROM inserted) AS created,
              (SELECT coalesce(json_agg(json_build_object('orgUnitId', org_unit_id::text, 'at', completed_at)), '[]')
                 FROM inserted WHERE status = 'done') AS done,
              (SELECT coalesce(json_agg(user_id::text), '[]') FROM inserted WHERE status = 'assigned') AS "assignedUserIds"`,
      [taskId, ...lists, after],
    );
    return row;
  }

  /** Marks the task's fan-out done. */
  async markFannedOut(m: Queryable, taskId: string): Promise<void> {
    await execute(m, `UPDATE tasks SET fan_out_status = 'done' WHERE id = $1`, [taskId]);
  }

  /** The task's assignments counted in the subtree at `path` (all of it, or `onlyUnitId` alone), within the scope. */
  async countProgress(
    scope: UnitScope,
    taskId: string,
    path: string,
    onlyUnitId: string | null,
    db: Queryable = this.dataSource.manager,
  ): Promise<TaskProgressCounts> {
    const filter = unitScopeSql(scope, 's', 4);
    const [row] = await selectRows<TaskProgressCounts>(
      db,
      `SELECT ${PROGRESS_COUNTS} FROM assignments a JOIN org_units s ON s.id = a.org_unit_id
        WHERE a.task_id = $1 AND s.path <@ $2::ltree AND ($3::bigint IS NULL OR s.id = $3) AND ${filter.sql}`,
      [taskId, path, onlyUnitId, ...filter.params],
    );
    return row;
  }

  /**
   * The deepest unit above all of the task's assignments (ltree's lca: a unit holding them all
   * gives its parent), when it lies within the subtree of `withinUnitId`; null otherwise.
   */
  async findAssignmentsRoot(taskId: string, withinUnitId: string, db: Queryable = this.dataSource.manager): Promise<string | null> {
    const row = await selectOne<{ id: string }>(
      db,
      `SELECT o.id::text AS id FROM org_units o JOIN org_units w ON w.id = $2
        WHERE o.path <@ w.path
          AND o.path = (SELECT lca(array_agg(s.path)) FROM assignments a JOIN org_units s ON s.id = a.org_unit_id WHERE a.task_id = $1)`,
      [taskId, withinUnitId],
    );
    return row?.id ?? null;
  }

  /**
   * The children of the unit at `path` that hold any of the task's assignments in their
   * subtree, each with its subtree's counts, by Vietnamese name.
   */
  listUnitProgress(scope: UnitScope, page: ProgressPage, db: Queryable = this.dataSource.manager): Promise<TaskUnitProgress[]> {
    const filter = unitScopeSql(scope, 's', 5);
    return selectRows<TaskUnitProgress>(
      db,
      `SELECT c.id::text AS "orgUnitId", c.name, ${PROGRESS_COUNTS}
         FROM org_units p
         JOIN org_units c ON c.parent_id = p.id
         JOIN org_units s ON s.path <@ c.path
         JOIN assignments a ON a.org_unit_id = s.id AND a.task_id = $1
         LEFT JOIN org_units k ON k.id = $3
        WHERE p.path = $2::ltree AND ${filter.sql}
          AND ($3::bigint IS NULL OR (c.name COLLATE "vi-numeric", c.id) > (k.name COLLATE "vi-numeric", k.id))
        GROUP BY c.id, c.name
        ORDER BY c.name COLLATE "vi-numeric", c.id LIMIT $4`,
      [page.taskId, page.path, page.afterId, page.limit + 1, ...filter.params],
    );
  }

  /** Assignees of the subtree at `path` still assigned (neither done nor declined), by unit then Vietnamese name. */
  listPendingAssignees(scope: UnitScope, page: ProgressPage, db: Queryable = this.dataSource.manager): Promise<PendingAssignee[]> {
    const filter = unitScopeSql(scope, 'o', 5);
    return selectRows<PendingAssignee>(
      db,
      `SELECT a.id::text AS "assignmentId", u.id::text AS "userId", u.full_name AS "fullName", u.username,
              o.id::text AS "orgUnitId", o.name AS "unitName"
         FROM assignments a JOIN users u ON u.id = a.user_id JOIN org_units o ON o.id = a.org_unit_id
         LEFT JOIN (assignments ka JOIN users ku ON ku.id = ka.user_id JOIN org_units ko ON ko.id = ka.org_unit_id) ON ka.id = $3
        WHERE a.task_id = $1 AND a.status = 'assigned' AND ($2::ltree IS NULL OR o.path <@ $2::ltree) AND ${filter.sql}
          AND ($3::bigint IS NULL OR (o.name COLLATE "vi-numeric", o.id, u.full_name COLLATE "vi-x-icu", u.id)
                                    > (ko.name COLLATE "vi-numeric", ko.id, ku.full_name COLLATE "vi-x-icu", ku.id))
        ORDER BY o.name COLLATE "vi-numeric", o.id, u.full_name COLLATE "vi-x-icu", u.id LIMIT $4`,
      [page.taskId, page.path, page.afterId, page.limit + 1, ...filter.params],
    );
  }
}
