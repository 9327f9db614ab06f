import { Inject, Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@app/config';
import { JobExecution, JobProducer, JobResults, RecordedJob } from '@app/queue-contracts';
import { PushSubscriptionsRepository, PushTargetRow } from './push-subscriptions.repository';
import { PushMessage, PushOutcome, WebPushSender } from './web-push-sender';

/** How many people one notifications.new-assignments job tells at most. */
export const NEW_ASSIGNMENT_PUSH_CHUNK = 500;

/** The body of every new-task message; the title is the task's. */
const NEW_TASK_BODY = 'Nhiệm vụ mới';

/** Tells people about their new assignments by Web Push, when push is on and they allowed it. */
@Injectable()
export class NewAssignmentPushService {
  private readonly logger = new Logger(NewAssignmentPushService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly producer: JobProducer,
    private readonly subscriptions: PushSubscriptionsRepository,
    private readonly sender: WebPushSender,
  ) {}

  /**
   * Records, in the caller's transaction (the one that created the assignments), the jobs
   * that will notify those of `userIds` who have a subscription. Nothing is recorded when
   * push is off. Dispatch the answer once the transaction has committed.
   */
  async recordFor(m: EntityManager, task: { id: string; title: string }, userIds: readonly string[]): Promise<RecordedJob[]> {
    if (!this.config.webPush || userIds.length === 0) return [];
    const subscribed = await this.subscriptions.usersWithSubscriptions(m, userIds);
    const jobs: RecordedJob[] = [];
    for (let i = 0; i < subscribed.length; i += NEW_ASSIGNMENT_PUSH_CHUNK) {
      const chunk = subscribed.slice(i, i + NEW_ASSIGNMENT_PUSH_CHUNK);
      jobs.push(await this.producer.record(m, 'notifications.new-assignments', { taskId: task.id, title: task.title, userIds: chunk }, null));
    }
    return jobs;
  }

  /** Hands recorded jobs to the queue; never throws (the sweeper re-adds what Redis missed). */
  dispatch(jobs: readonly RecordedJob[]): Promise<void> {
    return this.producer.dispatch(...jobs);
  }

  /**
   * Sends each person one message per browser. Safe to run twice, even at once: a run first
   * claims the person (one row per task and person), and a run that finds them claimed skips
   * them. A browser the push service says is gone loses its subscription; a refusal from one
   * never stops the others. Someone none of whose browsers could be reached is given back and
   * the job fails, to be tried again for them alone: a message is never lost to a passing outage.
   */
  async send(execution: JobExecution<'notifications.new-assignments'>): Promise<JobResults['notifications.new-assignments']> {
    const { taskId, title, userIds } = execution.payload;
    const result = { notified: 0, alreadyNotified: await this.subscriptions.countTold(taskId, userIds), failed: 0, removed: 0 };
    const keys = this.config.webPush;
    if (!keys) return result;
    const byUser = groupByUser(await this.subscriptions.listUntold(taskId, userIds));
    let done = 0;
    let unreached = 0;
    for (const [userId, browsers] of byUser) {
      if (await this.subscriptions.claimTold(taskId, userId)) {
        const outcomes = await this.tellOne(keys, browsers, { title, body: NEW_TASK_BODY, url: '/', tag: `task-${taskId}` }, result);
        if (outcomes.includes('sent')) result.notified += 1;
        else if (outcomes.includes('failed')) {
          await this.subscriptions.releaseTold(taskId, userId);
          unreached += 1;
        }
      }
      await execution.reportProgress(++done, byUser.size);
    }
    if (result.failed > 0) this.logger.warn({ jobId: execution.id, taskId, failed: result.failed }, 'push services refused some messages');
    if (unreached > 0) throw new Error(`no browser of ${unreached} person(s) could be reached; the job is tried again for them`);
    return result;
  }

  private async tellOne(keys: NonNullable<AppConfig['webPush']>, browsers: PushTargetRow[], message: PushMessage, result: { failed: number; removed: number }) {
    const outcomes: PushOutcome[] = [];
    for (const browser of browsers) {
      const outcome = await this.sender.send(keys, browser, message);
      if (outcome === 'gone') result.removed += await this.subscriptions.deleteById(browser.subscriptionId);
      if (outcome === 'failed') result.failed += 1;
      outcomes.push(outcome);
    }
    return outcomes;
  }
}

function groupByUser(targets: readonly PushTargetRow[]): Map<string, PushTargetRow[]> {
  const byUser = new Map<string, PushTargetRow[]>();
  for (const target of targets) byUser.set(target.userId, [...(byUser.get(target.userId) ?? []), target]);
  return byUser;
}
