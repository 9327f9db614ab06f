/**
 * The review workflow of a page case as pure data, with no imports: the web app imports this
 * very file (alias '@app/page-case-workflow') to offer only the moves the API will accept.
 * SPEC: new → verified | rejected; verified → removal_requested → removed | still_online.
 * Every other move, staying where it is included, is refused.
 */
export const PAGE_CASE_TRANSITIONS = {
  new: ['verified', 'rejected'],
  verified: ['removal_requested'],
  rejected: [],
  removal_requested: ['removed', 'still_online'],
  removed: [],
  still_online: [],
} as const satisfies Record<string, readonly string[]>;

/** A status of the workflow (the same six as PAGE_CASE_STATUSES in @app/contracts). */
export type WorkflowStatus = keyof typeof PAGE_CASE_TRANSITIONS;

/** The statuses a case in `from` may move to now, in the workflow's order. */
export function nextStatuses(from: WorkflowStatus): readonly WorkflowStatus[] {
  return PAGE_CASE_TRANSITIONS[from];
}

/** Whether a case in `from` may move to `to`. */
export function canTransition(from: WorkflowStatus, to: WorkflowStatus): boolean {
  return nextStatuses(from).includes(to);
}
