import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@app/config';
import { FigureChangeRecorder } from '@app/stats';
import { TasksService } from '@app/tasks';
import { ActionDraft, WriteOutcome } from './action-view';
import { ActionsRepository } from './actions.repository';

interface Pending {
  draft: ActionDraft;
  settle: (outcome: WriteOutcome | Error) => void;
}

const MAX_ROWS_PER_FLUSH = 1000;
const MAX_FLUSHES_IN_FLIGHT = 4;

/**
 * Group commit for actions. Requests that arrive while earlier writes are in flight are
 * written together by one statement (actions and their figure changes), so fifty phones
 * logging at once cost a handful of commits, not fifty. Each caller still learns exactly
 * what happened to its own action.
 */
@Injectable()
export class ActionWriter {
  private readonly logger = new Logger(ActionWriter.name);
  private pending: Pending[] = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tasks: TasksService,
    private readonly figures: FigureChangeRecorder,
    private readonly actions: ActionsRepository,
  ) {}

  /**
   * Writes the drafts (possibly together with other callers'); one outcome per draft, in
   * order. An Error in place of an outcome means that draft is not written: the database
   * could not take it, and it may be sent again.
   */
  write(drafts: readonly ActionDraft[]): Promise<(WriteOutcome | Error)[]> {
    const outcomes = drafts.map((draft) => new Promise<WriteOutcome | Error>((settle) => this.pending.push({ draft, settle })));
    this.schedule();
    return Promise.all(outcomes);
  }

  private schedule(): void {
    if (this.scheduled || this.pending.length === 0 || this.inFlight >= MAX_FLUSHES_IN_FLIGHT) return;
    this.scheduled = true;
    // Let requests that arrive in this turn of the event loop join the same statement.
    setImmediate(() => {
      this.scheduled = false;
      const batch = this.pending.splice(0, MAX_ROWS_PER_FLUSH);
      if (batch.length === 0) return;
      this.inFlight++;
      void this.flush(batch).finally(() => {
        this.inFlight--;
        this.schedule();
      });
      this.schedule();
    });
  }

  private async flush(batch: Pending[]): Promise<void> {
    let outcomes: (WriteOutcome | Error)[];
    try {
      outcomes = await this.writeBatch(batch.map((p) => p.draft));
    } catch (error) {
      if (batch.length > 1 && wroteNothing(error)) {
        // One poisoned row (or a deadlock) must not fail its neighbours. The statement wrote
        // nothing, so each can be tried again on its own.
        this.logger.warn({ err: (error as Error).message, size: batch.length }, 'batch write refused; retrying one by one');
        for (const pending of batch) await this.flush([pending]);
        return;
      }
      // Anything else (a lost connection, a pool timeout) may have struck after the commit:
      // writing again could write twice, so the callers are told and a keyed retry is safe.
      this.logger.error({ err: (error as Error).message, size: batch.length }, 'batch write failed');
      outcomes = batch.map(() => asError(error));
    }
    batch.forEach((p, i) => p.settle(outcomes[i]));
  }

  /**
   * With a task named, the insert, the assignments it completes and the look-up of taken
   * keys are one transaction. Without, the insert commits on its own; what it wrote then
   * stands even if the look-up after it fails, which fails only the drafts it was for.
   */
  private async writeBatch(drafts: ActionDraft[]): Promise<(WriteOutcome | Error)[]> {
    if (drafts.some((d) => d.taskId !== null)) {
      return this.db.transaction(async (m) => this.resolveConflicts(m, drafts, await this.insert(m, drafts, true)));
    }
    const written = await this.insert(this.db.manager, drafts, false);
    try {
      return await this.resolveConflicts(this.db.manager, drafts, written);
    } catch (error) {
      this.logger.error({ err: (error as Error).message }, 'look-up of taken keys failed; the new actions stand');
      return written.map((outcome) => outcome ?? asError(error));
    }
  }

  /** The flush's statement; null where a draft's key was taken before (resolved by {@link resolveConflicts}). */
  private async insert(m: EntityManager, drafts: ActionDraft[], completeTasks: boolean): Promise<(WriteOutcome | null)[]> {
    const rows = await this.runInsert(m, [
      drafts.map((d) => d.userId),
      drafts.map((d) => d.orgUnitId),
      drafts.map((d) => d.type),
      drafts.map((d) => d.platform),
      drafts.map((d) => d.url),
      drafts.map((d) => d.reach),
      drafts.map((d) => d.occurredAt),
      drafts.map((d) => d.taskId),
      drafts.map((d) => d.contentId),
      drafts.map((d) => d.idempotencyKey),
      drafts.map((d) => d.requestHash),
      this.config.orgTimezone,
    ]);
    // One row for the whole statement rather than one per action (a batch is 500 of them):
    // ids in input order, a 1 or 0 for each saying whether it was written now, and the
    // creation time, which is now() and so the same for every row written.
    const [{ ids, written, createdAt }] = rows;
    const outcomes: (WriteOutcome | null)[] = ids
      .split(',')
      .map((id, i) => (written[i] === '1' ? { kind: 'created', id, createdAt: createdAt as Date } : null));
    if (completeTasks) {
      const completions = drafts
        .filter((d, i) => outcomes[i] !== null && d.taskId !== null)
        .map((d) => ({ taskId: d.taskId as string, userId: d.userId, at: d.occurredAt }));
      await this.figures.record(m, await this.tasks.completeByRecords(m, completions));
    }
    return outcomes;
  }

  /**
   * The flush's one statement (INSERT_ACTIONS, in the repository). Kept as the writer's own
   * seam so that the failure tests can make one flush fail without touching the database.
   */
  private runInsert(m: EntityManager, values: unknown[]) {
    return this.actions.insertBatch(m, values);
  }

  /** Keys that were already taken: the same request again is a replay, another body a conflict. */
  private async resolveConflicts(m: EntityManager, drafts: ActionDraft[], outcomes: (WriteOutcome | null)[]) {
    const missing = outcomes.flatMap((o, i) => (o === null ? [i] : []));
    if (missing.length === 0) return outcomes as WriteOutcome[];
    const existing = await this.actions.findByIdempotencyKeys(
      { userIds: missing.map((i) => drafts[i].userId), keys: missing.map((i) => drafts[i].idempotencyKey) },
      m,
    );
    // By user and key, so a resent batch of 500 is not 500 × 500 comparisons.
    const byKey = new Map(existing.map((e) => [`${e.userId}\u0000${e.key}`, e]));
    for (const i of missing) {
      const draft = drafts[i];
      const found = byKey.get(`${draft.userId}\u0000${draft.idempotencyKey}`);
      if (!found) throw new Error(`action with key ${draft.idempotencyKey} neither inserted nor found`);
      const { key: _key, hash, ...action } = found;
      outcomes[i] = draft.requestHash && hash.equals(draft.requestHash) ? { kind: 'replayed', action } : { kind: 'conflict' };
    }
    return outcomes as WriteOutcome[];
  }
}

/**
 * Whether PostgreSQL refused the statement, so that it and its transaction wrote nothing:
 * SQLSTATE class 22 (data exception) or 23 (integrity constraint violation), both caused
 * by a value in some row, or 40 (transaction rollback: a deadlock).
 */
function wroteNothing(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^(22|23|40)[0-9A-Z]{3}$/.test(code);
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
