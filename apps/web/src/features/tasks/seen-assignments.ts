import type { Assignment } from './sort-assignments';

/**
 * Which assignments a person has seen, kept on this phone per user: the highest assignment
 * id shown when they last opened the tasks screen. Ids only grow, so "newer than the mark"
 * needs no clock (the phone's may be wrong). No mark yet: every open assignment is new.
 */
const markKey = (userId: string) => `lantoa.tasks.seenUpTo.${userId}`;

const listeners = new Set<() => void>();

/** The stored mark, or null before the person ever opened the tasks screen on this phone. */
export function seenMark(userId: string): string | null {
  return localStorage.getItem(markKey(userId));
}

/** Re-renders whoever shows the badge when the mark moves (in this tab). */
export function subscribeSeenMark(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Notes that the person saw these assignments; the mark never moves back. */
export function markSeen(userId: string, items: readonly Assignment[]): void {
  const previous = seenMark(userId);
  const highest = items.reduce((max, a) => (BigInt(a.id) > max ? BigInt(a.id) : max), previous === null ? 0n : BigInt(previous));
  if (previous === String(highest)) return;
  localStorage.setItem(markKey(userId), String(highest));
  listeners.forEach((listener) => listener());
}

/** Still to do: assigned, on a task that is not closed. */
const isOpen = (a: Assignment) => a.status === 'assigned' && a.task?.status !== 'closed';

/** The open assignments newer than the mark. */
export function unseenAssignments(items: readonly Assignment[], mark: string | null): Assignment[] {
  return items.filter((a) => isOpen(a) && (mark === null || BigInt(a.id) > BigInt(mark)));
}
