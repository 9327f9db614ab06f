import { PAGE_CASE_STATUSES, PageCaseStatus } from '@app/contracts';
import { canTransition, PAGE_CASE_TRANSITIONS, WorkflowStatus } from './page-case-transitions';
import { TakedownError, TakedownErrorCode } from './takedowns.errors';

export { canTransition, nextStatuses, PAGE_CASE_TRANSITIONS } from './page-case-transitions';

// The pure workflow and the contract name the same six statuses (compile-time, both ways).
const sameStatuses: [PageCaseStatus extends WorkflowStatus ? true : false, WorkflowStatus extends PageCaseStatus ? true : false] = [true, true];
void sameStatuses;

/** Throws InvalidTransition (409, naming `status`) unless the workflow allows the move. */
export function assertTransition(from: PageCaseStatus, to: PageCaseStatus): void {
  if (canTransition(from, to)) return;
  const next: readonly PageCaseStatus[] = PAGE_CASE_TRANSITIONS[from];
  const allowed = next.length ? `it can become ${next.join(' or ')}` : 'it can no longer change';
  throw new TakedownError(TakedownErrorCode.InvalidTransition, `status: a case that is ${from} cannot become ${to}; ${allowed}`, 'status');
}

/** Every (from, to) pair of statuses, for tables that must cover the whole workflow. */
export function allStatusPairs(): [PageCaseStatus, PageCaseStatus][] {
  return PAGE_CASE_STATUSES.flatMap((from) => PAGE_CASE_STATUSES.map((to) => [from, to] as [PageCaseStatus, PageCaseStatus]));
}
