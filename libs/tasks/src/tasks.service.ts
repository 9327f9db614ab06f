import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccessError, AccessErrorCode, Actor, PolicyService } from '@app/access';
import { AuditService } from '@app/audit';
import { APP_CONFIG, AppConfig } from '@app/config';
import { ContentsService } from '@app/content';
import {
  AssignmentStatus,
  decodeIdCursor,
  encodeIdCursor,
  isId,
  Page,
  pageOf,
  PendingAssignee,
  searchablePageOf,
  TaskKind,
  TaskUnitProgressPage,
} from '@app/contracts';
import { NewAssignmentPushService } from '@app/notifications';
import { canonicalizeUrl, withUrlRefusal } from '@app/platforms';
import { JobExecution, JobProducer, JobResults } from '@app/queue-contracts';
import { FigureChange, FigureChangeRecorder } from '@app/stats';
import { AssignmentView, TaskAssignees, TaskView } from './task-views';
import { TaskError, TaskErrorCode } from './tasks.errors';
import { AssigneeKind, FAN_OUT_CHUNK, RecipientLists, TasksRepository } from './tasks.repository';

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

/** Filters of GET /tasks/:id/progress/units and /tasks/:id/pending. */
export interface ProgressQuery {
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

const taskNotFound = () => new TaskError(TaskErrorCode.NotFound, 'task not found', 'id');

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
    private readonly tasks: TasksRepository,
    private readonly push: NewAssignmentPushService,
  ) {}

  /** Creates the task and records its fan-out job in the same transaction. */
  async create(actor: Actor, input: NewTask): Promise<TaskView & { fanOutJobId: string }> {
    const assignees = normaliseAssignees(input.assignees);
    const targetUrl = input.targetUrl ? canonicalTarget(input.targetUrl) : null;
    const { task, job } = await this.db.transaction(async (m) => {
      if (input.contentId) await this.contents.findVisible(actor, input.contentId, m);
      await this.assertAssigneesInScope(actor, assignees, m);
      const id = await this.tasks.insert(m, {
        title: input.title,
        kind: input.kind,
        instructions: input.instructions ?? null,
        contentId: input.contentId ?? null,
        targetUrl,
        dueAt: input.dueAt ?? null,
        orgUnitId: actor.orgUnitId,
        createdBy: actor.id,
        assignees,
      });
      const job = await this.producer.record(m, 'tasks.fan-out', { taskId: id }, actor.id);
      const task = (await this.find(id, m)) as TaskView;
      await this.audit.recordChange(m, actor, { action: 'task.create', entityType: 'task', entityId: id, before: undefined, after: task });
      return { task, job };
    });
    await this.producer.dispatch(job);
    return { ...task, fanOutJobId: job.id };
  }

  async get(actor: Actor, id: string): Promise<TaskView> {
    const task = await this.find(id);
    if (!task || !(await this.canSee(actor, task))) throw taskNotFound();
    return task;
  }

  /** Tasks of the units in scope, tasks issued above the caller's unit, tasks the caller is assigned to (`managed`: the first only); newest first. */
  async list(
    actor: Actor,
    query: { cursor?: string; limit: number; status?: 'open' | 'closed'; overdue?: boolean; q?: string; managed?: boolean },
  ): Promise<Page<TaskView>> {
    const cursorId = decodeIdCursor(query.cursor);
    // A ranked answer has no id order to resume from: with q, it is the best matches only.
    const beforeId = query.q === undefined ? cursorId : null;
    const rows = await this.tasks.listVisibleTo(this.policy.scopeOf(actor), actor, {
      beforeId,
      limit: query.limit,
      status: query.status ?? null,
      overdue: query.overdue ?? null,
      q: query.q ?? null,
      managed: query.managed === true,
    });
    return searchablePageOf(rows, query.limit, query.q);
  }

  /** Closes a task: its open assignments can no longer be completed. */
  async close(actor: Actor, id: string): Promise<TaskView> {
    return this.db.transaction(async (m) => {
      const before = await this.findManaged(actor, id, m);
      await this.tasks.close(m, id);
      const after = (await this.find(id, m)) as TaskView;
      await this.audit.recordChange(m, actor, { action: 'task.close', entityType: 'task', entityId: id, before, after });
      return after;
    });
  }

  /**
   * How many people a task naming these assignees would be given to if the caller created it
   * now: the fan-out's own count, under the same scope checks as {@link create} (404 for
   * anything outside the caller's scope).
   */
  async countAssignees(actor: Actor, input: TaskAssignees): Promise<{ people: number }> {
    const assignees = normaliseAssignees(input);
    await this.assertAssigneesInScope(actor, assignees, this.db.manager);
    const people = await this.tasks.countRecipients([
      assignees.userIds,
      assignees.teamIds,
      assignees.orgUnitIds,
      this.fanOutScopeOf(actor),
    ]);
    return { people };
  }

  /**
   * A managed task's progress in a unit (by default the one just above all its assignments, else
   * the task's own): the subtree's totals, those
   * of the people sitting in the unit itself, and a page of its child units that hold any of
   * the task's assignments, each counting its whole subtree.
   */
  async unitProgress(actor: Actor, id: string, query: ProgressQuery): Promise<TaskUnitProgressPage> {
    const afterId = decodeIdCursor(query.cursor);
    const task = await this.findManaged(actor, id, this.db.manager);
    const shown = query.orgUnitId ?? (await this.tasks.findAssignmentsRoot(task.id, task.orgUnitId)) ?? task.orgUnitId;
    const unit = await this.policy.assertUnitInScope(actor, shown);
    const scope = this.policy.scopeOf(actor);
    const [rows, total, direct] = await Promise.all([
      this.tasks.listUnitProgress(scope, { taskId: task.id, path: unit.path, afterId, limit: query.limit }),
      this.tasks.countProgress(scope, task.id, unit.path, null),
      this.tasks.countProgress(scope, task.id, unit.path, unit.id),
    ]);
    const items = rows.slice(0, query.limit);
    const nextCursor = rows.length > query.limit ? encodeIdCursor(items[items.length - 1].orgUnitId) : null;
    return { orgUnitId: unit.id, name: unit.name, total, direct, items, nextCursor };
  }

  /**
   * The people given a managed task who have neither done nor declined it, in the subtree of
   * `orgUnitId` (by default wherever the task reaches), by unit then Vietnamese name.
   */
  async pendingAssignees(actor: Actor, id: string, query: ProgressQuery): Promise<Page<PendingAssignee>> {
    const afterId = decodeIdCursor(query.cursor);
    const task = await this.findManaged(actor, id, this.db.manager);
    const unit = query.orgUnitId ? await this.policy.assertUnitInScope(actor, query.orgUnitId) : null;
    const rows = await this.tasks.listPendingAssignees(this.policy.scopeOf(actor), {
      taskId: task.id,
      path: unit?.path ?? null,
      afterId,
      limit: query.limit,
    });
    const items = rows.slice(0, query.limit);
    return { items, nextCursor: rows.length > query.limit ? encodeIdCursor(items[items.length - 1].assignmentId) : null };
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
    const rows = await this.tasks.listAssignmentsOf(actor.id, {
      beforeId,
      limit: query.limit,
      status: query.status ?? null,
    });
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
    const rows = await this.tasks.listAssignmentsVisibleTo(this.policy.scopeOf(actor), {
      beforeId,
      limit: query.limit,
      status: query.status ?? null,
      year: query.year ?? null,
      timezone: this.config.orgTimezone,
      orgUnitId: query.orgUnitId ?? null,
    });
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
      const stamp = await this.tasks.setAssignmentStatus(m, id, status);
      if (status === 'done') {
        await this.figures.record(m, [{ orgUnitId: stamp.orgUnitId, family: 'participations', at: stamp.completedAt as Date }]);
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
    const rows = await this.tasks.completeOpenAssignments(m, completions);
    return rows.map((row) => ({ orgUnitId: row.orgUnitId, family: 'participations' as const, at: row.completedAt }));
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
    const task = await this.tasks.findFanOutSource(taskId);
    if (!task) return { recipients: 0, created: 0 };
    const lists: RecipientLists = [
      task.assignees.userIds ?? [],
      task.assignees.teamIds ?? [],
      task.assignees.orgUnitIds ?? [],
      task.scope,
    ];
    const total = await this.tasks.countRecipients(lists);
    let after = '0';
    let seen = 0;
    let created = 0;
    for (;;) {
      const chunk = await this.db.transaction((m) => this.fanOutChunk(m, { id: taskId, title: task.title }, lists, after));
      await this.push.dispatch(chunk.pushJobs);
      seen += chunk.size;
      created += chunk.created;
      await execution.reportProgress(Math.min(seen, total), total);
      if (chunk.size < FAN_OUT_CHUNK || chunk.last === null) break;
      after = chunk.last;
    }
    await this.tasks.markFannedOut(this.db.manager, taskId);
    return { recipients: seen, created };
  }

  private async fanOutChunk(m: EntityManager, { id: taskId, title }: { id: string; title: string }, lists: RecipientLists, after: string) {
    // A record naming the task (an action, a report) takes FOR KEY SHARE on the task row (its foreign key), which
    // FOR UPDATE excludes: either the record commits first and the chunk below sees it, or
    // it waits for the chunk's assignments and completes them. Without this, a record logged
    // while a chunk is in flight sees no assignment yet and its completion is lost.
    await this.tasks.lock(m, taskId);
    const row = await this.tasks.insertFanOutChunk(m, taskId, lists, after);
    await this.figures.record(
      m,
      row.done.map((d) => ({ orgUnitId: d.orgUnitId, family: 'participations' as const, at: d.at })),
    );
    // Telling the new assignees is recorded with their assignments: a crash cannot lose it.
    const pushJobs = await this.push.recordFor(m, { id: taskId, title }, row.assignedUserIds);
    return { ...row, pushJobs };
  }

  /** The scope the fan-out keeps a task of this creator to, as findFanOutSource reads it: none for an admin. */
  private fanOutScopeOf(actor: Actor): string | null {
    return this.policy.scopeOf(actor).kind === 'all' ? null : actor.unitPath;
  }

  private async find(id: string, manager: EntityManager = this.db.manager): Promise<TaskView | null> {
    if (!isId(id)) return null;
    return this.tasks.findById(id, manager);
  }

  private async findAssignment(id: string, m: EntityManager, lock = false): Promise<AssignmentView | null> {
    if (!isId(id)) return null;
    return lock ? this.tasks.lockAssignment(m, id) : this.tasks.findAssignment(id, m);
  }

  /** A task is visible in scope, to its assignees, and below the unit that issued it. */
  private async canSee(actor: Actor, task: TaskView, manager: EntityManager = this.db.manager): Promise<boolean> {
    return this.tasks.isVisibleTo(this.policy.scopeOf(actor), actor, task, manager);
  }

  private async findManaged(actor: Actor, id: string, m: EntityManager): Promise<TaskView> {
    const task = await this.find(id, m);
    if (!task || !(await this.policy.isInScope(this.policy.scopeOf(actor), task.orgUnitId, m))) {
      throw taskNotFound();
    }
    return task;
  }

  private async assertAssigneesInScope(actor: Actor, a: Required<TaskAssignees>, m: EntityManager): Promise<void> {
    const scope = this.policy.scopeOf(actor);
    const count = async (kind: AssigneeKind, ids: string[]) =>
      ids.length === 0 ? 0 : this.tasks.countAssigneesVisibleAmong(kind, ids, scope, m);
    const kinds: AssigneeKind[] = ['userIds', 'teamIds', 'orgUnitIds'];
    for (const kind of kinds) {
      const ids = a[kind];
      const field = `assignees.${kind}`;
      if ((await count(kind, ids)) !== ids.length) {
        throw new AccessError(AccessErrorCode.NotFound, `${field} names something you cannot see`, field);
      }
    }
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
  return withUrlRefusal(
    () => canonicalizeUrl(url).url,
    (e) => new TaskError(TaskErrorCode.InvalidUrl, e.message.replace(/^url/, 'targetUrl'), 'targetUrl'),
  );
}
