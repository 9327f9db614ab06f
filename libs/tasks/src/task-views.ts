import { AssignmentStatus, TaskKind } from '@app/contracts';

export interface TaskAssignees {
  userIds?: string[];
  teamIds?: string[];
  orgUnitIds?: string[];
}

/** A task as the API shows it, with its assignment counts. */
export interface TaskView {
  id: string;
  title: string;
  kind: TaskKind;
  instructions: string | null;
  contentId: string | null;
  targetUrl: string | null;
  dueAt: string | null;
  orgUnitId: string;
  createdBy: string;
  assignees: TaskAssignees;
  status: 'open' | 'closed';
  fanOutStatus: 'pending' | 'done';
  closedAt: string | null;
  createdAt: string;
  overdue: boolean;
  assignmentCount: number;
  doneCount: number;
  declinedCount: number;
}

/** One person's assignment, with the task it belongs to. */
export interface AssignmentView {
  id: string;
  taskId: string;
  userId: string;
  orgUnitId: string;
  status: AssignmentStatus;
  completedAt: string | null;
  createdAt: string;
  overdue: boolean;
  task?: Pick<TaskView, 'id' | 'title' | 'kind' | 'instructions' | 'contentId' | 'targetUrl' | 'dueAt' | 'status'>;
}

/** Whether task `t` is overdue: open and past its due time. */
export const TASK_OVERDUE = `(t.status = 'open' AND t.due_at IS NOT NULL AND t.due_at < now())`;

export const TASK_COLUMNS = `t.id, t.title, t.kind, t.instructions, t.content_id AS "contentId", t.target_url AS "targetUrl",
  t.due_at AS "dueAt", t.org_unit_id AS "orgUnitId", t.created_by AS "createdBy", t.assignees, t.status,
  t.fan_out_status AS "fanOutStatus", t.closed_at AS "closedAt", t.created_at AS "createdAt",
  ${TASK_OVERDUE} AS overdue`;

export const TASK_COUNTS = `
  (SELECT count(*)::int FROM assignments a WHERE a.task_id = t.id) AS "assignmentCount",
  (SELECT count(*)::int FROM assignments a WHERE a.task_id = t.id AND a.status = 'done') AS "doneCount",
  (SELECT count(*)::int FROM assignments a WHERE a.task_id = t.id AND a.status = 'declined') AS "declinedCount"`;

export const ASSIGNMENT_COLUMNS = `a.id, a.task_id AS "taskId", a.user_id AS "userId", a.org_unit_id AS "orgUnitId",
  a.status, a.completed_at AS "completedAt", a.created_at AS "createdAt",
  (a.status = 'assigned' AND t.status = 'open' AND t.due_at IS NOT NULL AND t.due_at < now()) AS overdue,
  json_build_object('id', t.id::text, 'title', t.title, 'kind', t.kind, 'instructions', t.instructions,
    'contentId', t.content_id::text, 'targetUrl', t.target_url, 'dueAt', t.due_at, 'status', t.status) AS task`;
