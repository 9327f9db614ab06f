import type { TFunction } from 'i18next';
import type { Schemas } from '../../api-client/client';
import { deskProblem } from '../../lib/api-problem';
import { instantOfOrgWallTime } from '../../lib/org-time';

export type Task = Schemas['TaskView'];
export type Assignees = Schemas['TaskAssigneesDto'];
export type ProgressCounts = Schemas['TaskProgressCounts'];
export type PendingAssignee = Schemas['PendingAssignee'];

/** Whether the assignees name anyone at all: the API refuses a task given to nobody. */
export function namesAnyone(assignees: Assignees): boolean {
  return (assignees.userIds?.length ?? 0) + (assignees.teamIds?.length ?? 0) + (assignees.orgUnitIds?.length ?? 0) > 0;
}

/** Those given the task who have neither done nor declined it. */
export function waitingOf(counts: ProgressCounts): number {
  return Math.max(0, counts.assigned - counts.done - counts.declined);
}

/** A share of the whole as a bar's percentage (0 when nothing was given). */
export function percentOf(part: number, whole: number): number {
  return whole > 0 ? (part / whole) * 100 : 0;
}

/**
 * The pending list as it is pasted into a chat group: one "Họ tên — Đơn vị" per line, in the
 * API's order (by unit, then Vietnamese name).
 */
export function pendingListText(rows: readonly Pick<PendingAssignee, 'fullName' | 'unitName'>[]): string {
  return rows.map((row) => `${row.fullName} — ${row.unitName}`).join('\n');
}

/**
 * A datetime-local value ("2026-12-05T17:00") read as Vietnam time, the organisation's zone
 * (UTC+7 all year, no daylight saving), as the API's ISO instant with its offset; empty: none.
 */
export function dueAtOf(local: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(local)) return undefined;
  return instantOfOrgWallTime(local);
}

/** A refused task call: someone chosen out of scope, a link the API refuses, a task closed meanwhile; else the desk's usual sentences. */
export function taskProblem(t: TFunction, error: unknown): string {
  return deskProblem(t, error, (e) => {
    if (e.status === 404) return t('desk.assigning.problem.notFound');
    if (e.body?.field === 'targetUrl') return t('desk.assigning.problem.url');
    return e.status === 409 ? t('desk.assigning.problem.closed') : null;
  });
}
