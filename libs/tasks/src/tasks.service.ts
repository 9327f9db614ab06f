import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccessError, AccessErrorCode, Actor, PolicyService, unitScopeSql } from '@app/access';
import { AuditService } from '@app/audit';
import { APP_CONFIG, AppConfig } from '@app/config';
import { ContentsService } from '@app/content';
import { AssignmentStatus, decodeIdCursor, isId, Page, pageOf, TaskKind } from '@app/contracts';
import { canonicalizeUrl, UrlError } from '@app/platforms';
import { JobExecution, JobProducer, JobResults } from '@app/queue-contracts';
import { FigureChange, FigureChangeRecorder, inYearSql } from '@app/stats';
import { ASSIGNMENT_COLUMNS, AssignmentView, TASK_COLUMNS, TASK_COUNTS, TaskAssignees, TaskView } from './task-views';
import { TaskError, TaskErrorCode } from './tasks.errors';

export interface NewTask {
  title: string;
  kind: TaskKind;
  instructions?: string;
  contentId?: string;
  targetUrl?: string;
  dueAt?: string;
  assignees: TaskAssignees;
}

/** Filters of GET /assignments. */
export interface AssignmentFilter {
  status?: AssignmentStatus;
  year?: number;
  orgUnitId?: string;
  cursor?: string;
  limit: number;
}

/** A completion caused by a record that names a task (an action, a report). */
export interface TaskCompletion {
  taskId: string;
  userId: string;
  at: Date | string;
}

const FAN_OUT_CHUNK = 5000;

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

/** Tasks, their fan-out to one assignment per person, and assignment completion. */
@Injectable()
export class TasksService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly policy: PolicyService,
    private readonly audit: AuditService,
    private readonly contents: ContentsService,
    private readonly producer: JobProducer,
    private readonly figures: FigureChangeRecorder,
  ) {}

  /** Creates the task and records its fan-out job in the same transaction. */
  async create(actor: Actor, input: NewTask): Promise<TaskView & { fanOutJobId: string }> {
    const assignees = normaliseAssignees(input.assignees);
    const targetUrl = input.targetUrl ? canonicalTarget(input.targetUrl) : null;
    const { task, job } = await this.db.transaction(async (m) => {
      if (input.contentId) await this.contents.findVisible(actor, input.contentId, m);
      await this.assertAssigneesInScope(actor, assignees, m);
      const [{ id }] = (await m.query(
        `INSERT INTO tasks (title, kind, instructions, content_id, target_url, due_at, org_unit_id, created_by, assignees)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
        [
          input.title,
          input.kind,
          input.instructions ?? null,
          input.contentId ?? null,
          targetUrl,
          input.dueAt ?? null,
          actor.orgUnitId,
          actor.id,
          JSON.stringify(assignees),
        ],
      )) as { id: string }[];
      const job = await this.producer.record(m, 'tasks.fan-out', { taskId: id }, actor.id);
      const task = (await this.find(id, m)) as TaskView;
      await this.recordAudit(m, actor, 'task.create', id, undefined, task);
      return { task, job };
    });
    await this.producer.dispatch(job);
    return { ...task, fanOutJobId: job.id };
  }

  async get(actor: Actor, id: string): Promise<TaskView> {
    const task = await this.find(id);
    if (!task || !(await this.canSee(actor, task))) throw new TaskError(TaskErrorCode.NotFound, 'task not found', 'id');
    return task;
  }

  /** Tasks of the units in scope, tasks issued above the caller's unit, tasks the caller is assigned to; newest first. */
  async list(actor: Actor, query: { cursor?: string; limit: number; status?: 'open' | 'closed' }): Promise<Page<TaskView>> {
    const beforeId = decodeIdCursor(query.cursor);
    const scope = unitScopeSql(this.policy.scopeOf(actor), 'o', 6);
    const rows = (await this.db.query(
      `SELECT ${TASK_COLUMNS}, ${TASK_COUNTS} FROM tasks t JOIN org_units o ON o.id = t.org_unit_id
        WHERE ($1::bigint IS NULL OR t.id < $1) AND ($3::text IS NULL OR t.status = $3)
          AND (${scope.sql} OR o.path @> $5::ltree
               OR EXISTS (SELECT 1 FROM assignments a WHERE a.task_id = t.id AND a.user_id = $4))
        ORDER BY t.id DESC LIMIT $2`,
      [beforeId, query.limit + 1, query.status ?? null, actor.id, actor.unitPath, ...scope.params],
    )) as TaskView[];
    return pageOf(rows, query.limit);
  }

  /** Closes a task: its open assignments can no longer be completed. */
  async close(actor: Actor, id: string): Promise<TaskView> {
    return this.db.transaction(async (m) => {
      const before = await this.findManaged(actor, id, m);
      await m.query(`UPDATE tasks SET status = 'closed', closed_at = coalesce(closed_at, now()) WHERE id = $1`, [id]);
      const after = (await this.find(id, m)) as TaskView;
      await this.recordAudit(m, actor, 'task.close', id, before, after);
      return after;
    });
  }

  /** Throws NotFound (naming taskId) unless the caller may name this task in a record. */
  async assertNameable(actor: Actor, taskId: string, manager: EntityManager = this.db.manager): Promise<void> {
    const task = await this.find(taskId, manager);
    if (!task || !(await this.canSee(actor, task, manager))) {
      throw new TaskError(TaskErrorCode.NotFound, 'taskId does not name a task you can see', 'taskId');
    }
  }

  async myAssignments(actor: Actor, query: { cursor?: string; limit: number; status?: AssignmentStatus }) {
    const beforeId = decodeIdCursor(query.cursor);
    const rows = (await this.db.query(
      `SELECT ${ASSIGNMENT_COLUMNS} FROM assignments a JOIN tasks t ON t.id = a.task_id
        WHERE a.user_id = $1 AND ($2::bigint IS NULL OR a.id < $2) AND ($4::text IS NULL OR a.status = $4)
        ORDER BY a.id DESC LIMIT $3`,
      [actor.id, beforeId, query.limit + 1, query.status ?? null],
    )) as AssignmentView[];
    return pageOf(rows, query.limit);
  }

  /**
   * Assignments stamped with an assignee's unit in the caller's scope, newest first. `year`
   * keeps those completed (completedAt) in that year in ORG_TIMEZONE — only done assignments
   * have a completedAt — and `orgUnitId` (in scope, else 404) those stamped with a unit of its
   * subtree: with status=done, the rows behind `participations`.
   */
  async listAssignments(actor: Actor, query: AssignmentFilter): Promise<Page<AssignmentView>> {
    const beforeId = decodeIdCursor(query.cursor);
    if (query.orgUnitId) await this.policy.assertUnitInScope(actor, query.orgUnitId);
    const scope = unitScopeSql(this.policy.scopeOf(actor), 'o', 7);
    const rows = (await this.db.query(
      `SELECT ${ASSIGNMENT_COLUMNS} FROM assignments a
         JOIN tasks t ON t.id = a.task_id JOIN org_units o ON o.id = a.org_unit_id
        WHERE ($1::bigint IS NULL OR a.id < $1) AND ($3::text IS NULL OR a.status = $3)
          AND ($4::int IS NULL OR (${inYearSql('a.completed_at', '$4', '$5')}))
          AND ($6::bigint IS NULL OR o.path <@ (SELECT f.path FROM org_units f WHERE f.id = $6))
          AND ${scope.sql}
        ORDER BY a.id DESC LIMIT $2`,
      [
        beforeId,
        query.limit + 1,
        query.status ?? null,
        query.year ?? null,
        this.config.orgTimezone,
        query.orgUnitId ?? null,
        ...scope.params,
      ],
    )) as AssignmentView[];
    return pageOf(rows, query.limit);
  }

  /**
   * The assignee marks their assignment done (stamped now) or declined. Only an
   * assigned assignment of an open task changes; asking for its current status again is a no-op.
   */
  async updateAssignment(actor: Actor, id: string, status: 'done' | 'declined'): Promise<AssignmentView> {
    return this.db.transaction(async (m) => {
      const current = await this.findAssignment(id, m, true);
      if (!current || current.userId !== actor.id) {
        throw new TaskError(TaskErrorCode.NotFound, 'assignment not found', 'id');
      }
      if (current.status === status) return current;
      if (current.task?.status === 'closed') throw new TaskError(TaskErrorCode.TaskClosed, 'the task is closed', 'status');
      if (current.status !== 'assigned') {
        throw new TaskError(TaskErrorCode.InvalidTransition, `an assignment that is ${current.status} cannot become ${status}`, 'status');
      }
      const [rows] = (await m.query(
        `UPDATE assignments SET status = $2::text, completed_at = CASE WHEN $2::text = 'done' THEN now() END, updated_at = now()
          WHERE id = $1 RETURNING org_unit_id AS "orgUnitId", completed_at AS "completedAt"`,
        [id, status],
      )) as [{ orgUnitId: string; completedAt: Date | null }[], number];
      if (status === 'done') {
        await this.figures.record(m, [{ orgUnitId: rows[0].orgUnitId, family: 'participations', at: rows[0].completedAt as Date }]);
      }
      return (await this.findAssignment(id, m)) as AssignmentView;
    });
  }

  /**
   * Completes the open assignments that records naming their tasks complete, stamped with
   * the record's time. Runs inside the record's own transaction; returns the figure changes.
   */
  async completeByRecords(m: EntityManager, completions: readonly TaskCompletion[]): Promise<FigureChange[]> {
    if (completions.length === 0) return [];
    const rows = (await m.query(
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
    )) as [{ orgUnitId: string; completedAt: Date }[], number];
    return rows[0].map((row) => ({ orgUnitId: row.orgUnitId, family: 'participations' as const, at: row.completedAt }));
  }

  /**
   * Creates one assignment per recipient, in chunks, each chunk in its own transaction.
   * Safe to run twice or after a crash: (task, user) is unique and existing rows are kept.
   * Someone who already logged a record naming the task while it was open gets a done
   * assignment at once, as they would have had fan-out come first: a late job (Redis down,
   * retries) changes nothing about who took part.
   */
  async fanOut(execution: JobExecution<'tasks.fan-out'>): Promise<JobResults['tasks.fan-out']> {
    const taskId = execution.payload.taskId;
    const [task] = (await this.db.query(
      `SELECT t.assignees, CASE WHEN 'admin' = ANY(c.roles) THEN NULL ELSE o.path::text END AS scope
         FROM tasks t JOIN org_units o ON o.id = t.org_unit_id LEFT JOIN users c ON c.id = t.created_by WHERE t.id = $1`,
      [taskId],
    )) as { assignees: TaskAssignees; scope: string | null }[];
    if (!task) return { recipients: 0, created: 0 };
    const lists = [task.assignees.userIds ?? [], task.assignees.teamIds ?? [], task.assignees.orgUnitIds ?? [], task.scope];
    const [{ total }] = (await this.db.query(`SELECT count(*)::int AS total FROM (${recipientsSql(1)}) r`, lists)) as {
      total: number;
    }[];
    const params = [taskId, ...lists];
    let after = '0';
    let seen = 0;
    let created = 0;
    for (;;) {
      const chunk = await this.db.transaction((m) => this.fanOutChunk(m, params, after));
      seen += chunk.size;
      created += chunk.created;
      await execution.reportProgress(Math.min(seen, total), total);
      if (chunk.size < FAN_OUT_CHUNK || chunk.last === null) break;
      after = chunk.last;
    }
    await this.db.query(`UPDATE tasks SET fan_out_status = 'done' WHERE id = $1`, [taskId]);
    return { recipients: seen, created };
  }

  private async fanOutChunk(m: EntityManager, params: unknown[], after: string) {
    // A record naming the task (an action, a report) takes FOR KEY SHARE on the task row (its foreign key), which
    // FOR UPDATE excludes: either the record commits first and the chunk below sees it, or
    // it waits for the chunk's assignments and completes them. Without this, a record logged
    // while a chunk is in flight sees no assignment yet and its completion is lost.
    await m.query(`SELECT 1 FROM tasks WHERE id = $1 FOR UPDATE`, [params[0]]);
    const [row] = (await m.query(
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
              RETURNING org_unit_id, status, completed_at)
       SELECT (SELECT count(*)::int FROM chunk) AS size, (SELECT max(id)::text FROM chunk) AS last,
              (SELECT count(*)::int FROM inserted) AS created,
              (SELECT coalesce(json_agg(json_build_object('orgUnitId', org_unit_id::text, 'at', completed_at)), '[]')
                 FROM inserted WHERE status = 'done') AS done`,
      [...params, after],
    )) as { size: number; last: string | null; created: number; done: { orgUnitId: string; at: string }[] }[];
    await this.figures.record(
      m,
      row.done.map((d) => ({ orgUnitId: d.orgUnitId, family: 'participations' as const, at: d.at })),
    );
    return row;
  }

  private async find(id: string, manager: EntityManager = this.db.manager): Promise<TaskView | null> {
    if (!isId(id)) return null;
    const rows = (await manager.query(`SELECT ${TASK_COLUMNS}, ${TASK_COUNTS} FROM tasks t WHERE t.id = $1`, [
      id,
    ])) as TaskView[];
    return rows[0] ?? null;
  }

  private async findAssignment(id: string, m: EntityManager, lock = false): Promise<AssignmentView | null> {
    if (!isId(id)) return null;
    const rows = (await m.query(
      `SELECT ${ASSIGNMENT_COLUMNS} FROM assignments a JOIN tasks t ON t.id = a.task_id WHERE a.id = $1
       ${lock ? 'FOR UPDATE OF a' : ''}`,
      [id],
    )) as AssignmentView[];
    return rows[0] ?? null;
  }

  /** A task is visible in scope, to its assignees, and below the unit that issued it. */
  private async canSee(actor: Actor, task: TaskView, manager: EntityManager = this.db.manager): Promise<boolean> {
    const scope = unitScopeSql(this.policy.scopeOf(actor), 'o', 5);
    const rows = (await manager.query(
      `SELECT 1 FROM org_units o WHERE o.id = $1
          AND (${scope.sql} OR o.path @> $3::ltree
               OR EXISTS (SELECT 1 FROM assignments a WHERE a.task_id = $2 AND a.user_id = $4))`,
      [task.orgUnitId, task.id, actor.unitPath, actor.id, ...scope.params],
    )) as unknown[];
    return rows.length > 0;
  }

  private async findManaged(actor: Actor, id: string, m: EntityManager): Promise<TaskView> {
    const task = await this.find(id, m);
    if (!task || !(await this.policy.isInScope(this.policy.scopeOf(actor), task.orgUnitId, m))) {
      throw new TaskError(TaskErrorCode.NotFound, 'task not found', 'id');
    }
    return task;
  }

  private async assertAssigneesInScope(actor: Actor, a: Required<TaskAssignees>, m: EntityManager): Promise<void> {
    const scope = unitScopeSql(this.policy.scopeOf(actor), 'o', 2);
    const count = async (sql: string, ids: string[]) =>
      ids.length === 0
        ? 0
        : ((await m.query(`SELECT count(*)::int AS n FROM ${sql} AND ${scope.sql}`, [ids, ...scope.params])) as { n: number }[])[0].n;
    const checks: [string, string[], string][] = [
      ['users u JOIN org_units o ON o.id = u.org_unit_id WHERE u.id = ANY($1::bigint[])', a.userIds, 'assignees.userIds'],
      ['teams t JOIN org_units o ON o.id = t.org_unit_id WHERE t.id = ANY($1::bigint[])', a.teamIds, 'assignees.teamIds'],
      ['org_units o WHERE o.id = ANY($1::bigint[])', a.orgUnitIds, 'assignees.orgUnitIds'],
    ];
    for (const [sql, ids, field] of checks) {
      if ((await count(sql, ids)) !== ids.length) {
        throw new AccessError(AccessErrorCode.NotFound, `${field} names something you cannot see`, field);
      }
    }
  }

  private recordAudit(m: EntityManager, actor: Actor, action: string, id: string, before: unknown, after: unknown) {
    return this.audit.record(m, {
      actorId: actor.id,
      actorRoles: actor.roles,
      action,
      entityType: 'task',
      entityId: id,
      before,
      after,
      requestId: actor.requestId,
    });
  }
}

function normaliseAssignees(assignees: TaskAssignees): Required<TaskAssignees> {
  const result = {
    userIds: assignees.userIds ?? [],
    teamIds: assignees.teamIds ?? [],
    orgUnitIds: assignees.orgUnitIds ?? [],
  };
  if (result.userIds.length + result.teamIds.length + result.orgUnitIds.length === 0) {
    throw new TaskError(TaskErrorCode.NoAssignees, 'assignees must name at least one user, team or unit', 'assignees');
  }
  return result;
}

function canonicalTarget(url: string): string {
  try {
    return canonicalizeUrl(url).url;
  } catch (error) {
    if (error instanceof UrlError) throw new TaskError(TaskErrorCode.InvalidUrl, error.message.replace(/^url/, 'targetUrl'), 'targetUrl');
    throw error;
  }
}
