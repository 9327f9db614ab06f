import { Inject, Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@app/config';
import { JobExecution, JobProducer, JobResults, RecordedJob } from '@app/queue-contracts';
import { PushSubscriptionsRepository, PushTargetRow } from './push-subscriptions.repository';
import { PushOutcome, WebPushSender } from './web-push-sender';

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
   * Sends each person one message per browser. Safe to run twice: a person is marked told
   * once their browsers were tried, and a later run skips them. A browser the push service
   * says is gone loses its subscription; a refusal from one never stops the others.
   */
  async send(execution: JobExecution<'notifications.new-assignments'>): Promise<JobResults['notifications.new-assignments']> {
    const { taskId, title, userIds } = execution.payload;
    const result = { notified: 0, alreadyNotified: await this.subscriptions.countTold(taskId, userIds), failed: 0, removed: 0 };
    const keys = this.config.webPush;
    if (!keys) return result;
    const targets = await this.subscriptions.listUntold(taskId, userIds);
    const byUser = new Map<string, PushTargetRow[]>();
    for (const target of targets) byUser.set(target.userId, [...(byUser.get(target.userId) ?? []), target]);
    let done = 0;
    for (const [userId, browsers] of byUser) {
      const outcomes: PushOutcome[] = [];
      for (const browser of browsers) {
        const outcome = await this.sender.send(keys, browser, { title, body: NEW_TASK_BODY, url: '/', tag: `task-${taskId}` });
        if (outcome === 'gone') result.removed += await this.subscriptions.deleteById(browser.subscriptionId);
        if (outcome === 'failed') result.failed += 1;
        outcomes.push(outcome);
      }
      await this.subscriptions.markTold(taskId, userId);
      if (outcomes.includes('sent')) result.notified += 1;
      await execution.reportProgress(++done, byUser.size);
    }
    if (result.failed > 0) this.logger.warn({ jobId: execution.id, taskId, failed: result.failed }, 'push services refused some messages');
    return result;
  }
}
