import type { Schemas } from '../../api-client/client';

export type Assignment = Schemas['AssignmentView'];

const NO_DUE = Number.POSITIVE_INFINITY;

/** Open assignments first (assigned, on an open task), each group by due date, undated last. */
export function sortAssignments(items: Assignment[]): Assignment[] {
  const isOpen = (a: Assignment) => a.status === 'assigned' && a.task?.status !== 'closed';
  const due = (a: Assignment) => (a.task?.dueAt ? Date.parse(a.task.dueAt) : NO_DUE);
  return [...items].sort((a, b) => Number(isOpen(b)) - Number(isOpen(a)) || due(a) - due(b));
}
