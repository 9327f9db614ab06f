import { hash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Actor, PolicyService } from '@app/access';
import { APP_CONFIG, AppConfig } from '@app/config';
import { ContentsService } from '@app/content';
import {
  BatchActionItemDto,
  checkBatchItem,
  decodeCursor,
  encodeCursor,
  givenInstant,
  InvalidInputError,
  isShareType,
  LogActionDto,
  Page,
  RefusedBatchItem,
} from '@app/contracts';
import { canonicalizeUrl, CanonicalUrl, resolvePlatform, withUrlRefusal } from '@app/platforms';
import { TasksService } from '@app/tasks';
import { ActionDraft, ActionView, viewOfWritten } from './action-view';
import { ActionWriter } from './action-writer';
import { ActionError, ActionErrorCode } from './actions.errors';
import { ActionsRepository } from './actions.repository';


type Prepared = { clientId: string | null; draft: ActionDraft } | { clientId: string | null; error: unknown };

// Items checked per turn of the event loop: ten of the longest URLs take about a millisecond,
// so a request arriving meanwhile waits that long at each of its steps (npm run bench:abuse).
const ITEMS_PER_TURN = 10;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Batches are checked one at a time in a process. Two backlogs checked side by side put two
 * slices in every turn of the event loop, and a request as small as /health waits behind both
 * at each of its steps; one after the other, a phone's sync waits a few milliseconds more and
 * nobody else waits at all.
 */
class OneAtATime {
  private last: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const next = this.last.then(work, work);
    this.last = next.catch(() => undefined);
    return next;
  }
}

/** The answer to one logged action: 201 when written now, 200 when the same request was seen before. */
export interface LoggedAction {
  created: boolean;
  action: ActionView;
}

/**
 * One item's answer in a batch: the id of its action, or the error that refused it. The
 * phone already holds what it sent, so the action is not echoed back over a poor connection.
 * An invalid clientId comes back cut to its first 200 characters.
 */
export type BatchItemResult = { clientId: string | null; created: boolean; id: string } | { clientId: string | null; error: unknown };

export interface ActionFilter {
  year?: number;
  orgUnitId?: string;
  userId?: string;
  type?: string;
  taskId?: string;
  cursor?: string;
  limit: number;
}

/** Shares and interactions: checked, stamped with the author's unit, written exactly once. */
@Injectable()
export class ActionsService {
  private readonly batchChecks = new OneAtATime();
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly policy: PolicyService,
    private readonly tasks: TasksService,
    private readonly contents: ContentsService,
    private readonly writer: ActionWriter,
    private readonly actions: ActionsRepository,
  ) {}

  /** Logs one action. With an idempotency key, the same request again writes nothing. */
  async log(actor: Actor, input: LogActionDto, idempotencyKey: string | null): Promise<LoggedAction> {
    const draft = await this.prepare(actor, input, idempotencyKey);
    const [outcome] = await this.writer.write([draft]);
    if (outcome instanceof Error) throw notWritten(outcome);
    if (outcome.kind === 'conflict') throw conflict();
    if (outcome.kind === 'replayed') return { created: false, action: outcome.action };
    return { created: true, action: viewOfWritten(draft, outcome.id, outcome.createdAt) };
  }

  /**
   * Logs a phone's offline backlog. Each item is checked on its own and answered on its
   * own; its clientId is its idempotency key, so a resent batch writes nothing twice.
   */
  async logBatch(actor: Actor, items: readonly Record<string, unknown>[]): Promise<BatchItemResult[]> {
    // Only the checking waits its turn; lookups of tasks and contents run after it, side by side.
    const prepared = await this.batchChecks.run(() => this.checkItems(actor, items));
    return this.writeItems(await Promise.all(prepared));
  }

  private async checkItems(actor: Actor, items: readonly Record<string, unknown>[]): Promise<(Prepared | Promise<Prepared>)[]> {
    const prepared: (Prepared | Promise<Prepared>)[] = [];
    // Checked synchronously, a slice at a time with a turn of the event loop before each
    // (the first too: parsing and sanitising the body already took one), so that a batch
    // of 500 long URLs never holds up other requests (/health) for its whole check; only
    // items naming a task or a content wait for a lookup.
    for (let from = 0; from < items.length; from += ITEMS_PER_TURN) {
      await nextTurn();
      for (const raw of items.slice(from, from + ITEMS_PER_TURN)) prepared.push(this.prepareItem(actor, raw));
    }
    return prepared;
  }

  private prepareItem(actor: Actor, raw: Record<string, unknown>): Prepared | Promise<Prepared> {
    const clientId = echoedClientId(raw.clientId);
    try {
      const item = validateItem(raw);
      const draft = this.draftOf(actor, item, item.clientId);
      if (!item.taskId && !item.contentId) return { clientId, draft };
      return this.assertReferences(actor, item).then(
        () => ({ clientId, draft }),
        (error: unknown) => ({ clientId, error }),
      );
    } catch (error) {
      return { clientId, error };
    }
  }

  /** Writes the items that passed their checks together, and answers each item in its place. */
  private async writeItems(prepared: Prepared[]): Promise<BatchItemResult[]> {
    const drafts = prepared.flatMap((p) => ('draft' in p ? [p.draft] : []));
    const outcomes = await this.writer.write(drafts);
    let next = 0;
    return prepared.map((p) => {
      if (!('draft' in p)) return { clientId: p.clientId, error: p.error };
      const outcome = outcomes[next++];
      if (outcome instanceof Error) return { clientId: p.clientId, error: notWritten(outcome) };
      if (outcome.kind === 'conflict') return { clientId: p.clientId, error: conflict() };
      if (outcome.kind === 'replayed') return { clientId: p.clientId, created: false, id: outcome.action.id };
      return { clientId: p.clientId, created: true, id: outcome.id };
    });
  }

  /**
   * The drill-down behind the action figures: newest first, keyset-paginated. Collaborators
   * see their own actions; others the actions stamped with a unit in their scope.
   */
  async list(actor: Actor, filter: ActionFilter): Promise<Page<ActionView>> {
    const cursor = decodeCursor(filter.cursor, { at: 'instant', id: 'id' });
    let unitPath: string | null = null;
    if (filter.orgUnitId) {
      await this.policy.assertUnitInScope(actor, filter.orgUnitId);
      unitPath = await this.actions.findUnitPath(filter.orgUnitId);
    }
    const scope = this.policy.scopeOf(actor);
    const rows = await this.actions.listNewestFirst(scope.kind === 'unit' ? { authorId: actor.id } : scope, {
      year: filter.year ?? null,
      timezone: this.config.orgTimezone,
      unitPath,
      userId: filter.userId ?? null,
      types: filter.type ? filter.type.split(',') : null,
      taskId: filter.taskId ?? null,
      before: cursor,
      limit: filter.limit,
    });
    const items = rows.slice(0, filter.limit);
    const last = items[items.length - 1];
    return {
      items: items.map(({ cursorAt: _at, ...action }) => action),
      nextCursor: rows.length > filter.limit ? encodeCursor({ at: last.cursorAt, id: last.id }) : null,
    };
  }

  private async prepare(actor: Actor, input: LogActionDto, idempotencyKey: string | null): Promise<ActionDraft> {
    const draft = this.draftOf(actor, input, idempotencyKey);
    await this.assertReferences(actor, input);
    return draft;
  }

  /** The task and content an action names must be ones the actor may name. */
  private async assertReferences(actor: Actor, input: LogActionDto): Promise<void> {
    if (input.taskId) await this.tasks.assertNameable(actor, input.taskId);
    if (input.contentId) await this.contents.findVisible(actor, input.contentId);
  }

  /** Checks and normalises an action and stamps it with its author and the author's unit. */
  private draftOf(actor: Actor, input: LogActionDto, idempotencyKey: string | null): ActionDraft {
    const occurredAt = givenInstant('occurredAt', input.occurredAt);
    const url = input.url == null ? null : canonical(input.url);
    if (isShareType(input.type) && !url) {
      throw new ActionError(ActionErrorCode.InvalidAction, `url is required for a ${input.type}`, 'url');
    }
    const draft: ActionDraft = {
      userId: actor.id,
      orgUnitId: actor.orgUnitId,
      type: input.type,
      platform: platformOf(input, url),
      url: url?.url ?? null,
      reach: input.reach ?? 0,
      occurredAt,
      taskId: input.taskId ?? null,
      contentId: input.contentId ?? null,
      idempotencyKey,
      requestHash: null,
    };
    if (idempotencyKey) draft.requestHash = fingerprint(draft);
    return draft;
  }
}

/**
 * The stored fingerprint of an action's normalised fields, for idempotent replays. The fields
 * are fixed and flat, so they are joined in a fixed order rather than serialised as JSON
 * (a batch hashes 500 of them).
 */
function fingerprint(d: ActionDraft): Buffer {
  const text = `${d.type}\u0001${d.platform}\u0001${d.url ?? '\u0000'}\u0001${d.reach}\u0001${d.occurredAt}\u0001${d.taskId ?? '\u0000'}\u0001${d.contentId ?? '\u0000'}`;
  return hash('sha256', text, 'buffer');
}

// Enough for the phone to tell which item was refused; a 300,000-character clientId is not
// worth sending back over a poor connection. Valid ones (at most 128) come back whole.
const ECHOED_CLIENT_ID_LENGTH = 200;

function echoedClientId(value: unknown): string | null {
  return typeof value === 'string' ? value.slice(0, ECHOED_CLIENT_ID_LENGTH) : null;
}

function validateItem(raw: Record<string, unknown>): BatchActionItemDto {
  if (raw instanceof RefusedBatchItem) throw raw.error;
  const checked = checkBatchItem(raw);
  if ('fault' in checked) throw refusal(checked.fault.field, checked.fault.message);
  return checked.item;
}

function canonical(url: string): CanonicalUrl {
  return withUrlRefusal(
    () => canonicalizeUrl(url),
    (error) => refusal('url', error.message),
  );
}

function platformOf(input: LogActionDto, url: CanonicalUrl | null) {
  return withUrlRefusal(
    () => resolvePlatform(input.platform ?? undefined, url),
    (error) => refusal('platform', error.message),
  );
}

/**
 * A 400 for one item's input. Its stack is not captured: it is a verdict, not a bug, and
 * capturing it cost more than checking the item (a batch may refuse 500).
 */
function refusal(field: string, message: string): InvalidInputError {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  const error = new InvalidInputError(field, message);
  Error.stackTraceLimit = limit;
  return error;
}

function notWritten(cause: Error): ActionError {
  return new ActionError(ActionErrorCode.NotWritten, 'the action could not be written now; send it again', undefined, { cause });
}

function conflict(): ActionError {
  return new ActionError(
    ActionErrorCode.IdempotencyKeyReused,
    'Idempotency-Key was already used for a different action',
    'Idempotency-Key',
  );
}

