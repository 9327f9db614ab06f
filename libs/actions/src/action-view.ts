import { ActionType, PlatformName } from '@app/contracts';

/** An action as the API shows it. */
export interface ActionView {
  id: string;
  userId: string;
  orgUnitId: string;
  type: ActionType;
  platform: PlatformName;
  url: string | null;
  reach: number;
  occurredAt: string;
  taskId: string | null;
  contentId: string | null;
  createdAt: string;
}

/** An action checked and ready to write, stamped with its author and the author's unit. */
export interface ActionDraft {
  userId: string;
  orgUnitId: string;
  type: ActionType;
  platform: PlatformName;
  url: string | null;
  reach: number;
  occurredAt: string;
  taskId: string | null;
  contentId: string | null;
  idempotencyKey: string | null;
  requestHash: Buffer | null;
}

/** What became of one draft: written now, the same request seen before, or a key reused for another body. */
export type WriteOutcome =
  | { kind: 'created'; id: string; createdAt: Date }
  | { kind: 'replayed'; action: ActionView }
  | { kind: 'conflict' };

/** The view of an action just written from its draft, without reading it back. */
export function viewOfWritten(draft: ActionDraft, id: string, createdAt: Date): ActionView {
  return {
    id,
    userId: draft.userId,
    orgUnitId: draft.orgUnitId,
    type: draft.type,
    platform: draft.platform,
    url: draft.url,
    reach: draft.reach,
    occurredAt: draft.occurredAt,
    taskId: draft.taskId,
    contentId: draft.contentId,
    createdAt: createdAt.toISOString(),
  };
}

export const ACTION_COLUMNS = `a.id, a.user_id AS "userId", a.org_unit_id AS "orgUnitId", a.type, a.platform, a.url,
  a.reach, a.occurred_at AS "occurredAt", a.task_id AS "taskId", a.content_id AS "contentId", a.created_at AS "createdAt"`;
