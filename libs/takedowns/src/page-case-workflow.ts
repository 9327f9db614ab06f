import { PAGE_CASE_STATUSES, PageCaseStatus } from '@app/contracts';
import { TakedownError, TakedownErrorCode } from './takedowns.errors';

/**
 * The review workflow of a page case (SPEC): new → verified | rejected;
 * verified → removal_requested → removed | still_online. Every other move, staying
 * where it is included, is refused.
 */
export const PAGE_CASE_TRANSITIONS: Readonly<Record<PageCaseStatus, readonly PageCaseStatus[]>> = {
  new: ['verified', 'rejected'],
  verified: ['removal_requested'],
  rejected: [],
  removal_requested: ['removed', 'still_online'],
  removed: [],
  still_online: [],
};

/** Whether a case in `from` may move to `to`. */
export function canTransition(from: PageCaseStatus, to: PageCaseStatus): boolean {
  return PAGE_CASE_TRANSITIONS[from].includes(to);
}

/** Throws InvalidTransition (409, naming `status`) unless the workflow allows the move. */
export function assertTransition(from: PageCaseStatus, to: PageCaseStatus): void {
  if (canTransition(from, to)) return;
  const next = PAGE_CASE_TRANSITIONS[from];
  const allowed = next.length ? `it can become ${next.join(' or ')}` : 'it can no longer change';
  throw new TakedownError(TakedownErrorCode.InvalidTransition, `status: a case that is ${from} cannot become ${to}; ${allowed}`, 'status');
}

/** Every (from, to) pair of statuses, for tables that must cover the whole workflow. */
export function allStatusPairs(): [PageCaseStatus, PageCaseStatus][] {
  return PAGE_CASE_STATUSES.flatMap((from) => PAGE_CASE_STATUSES.map((to) => [from, to] as [PageCaseStatus, PageCaseStatus]));
}
