import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { changeRows, execute, Queryable, selectRows } from '@app/persistence';

/** How many browsers one person may have subscribed at once. */
export const MAX_SUBSCRIPTIONS_PER_USER = 10;

/** A subscription as the caller sees it, and whether this call created it. */
export interface SavedSubscriptionRow {
  endpoint: string;
  createdAt: string;
  created: boolean;
}

/** One browser to tell about one new assignment. */
export interface PushTargetRow {
  subscriptionId: string;
  userId: string;
  endpoint: string;
  p256dh: string;
  auth: string;
}

/** Browsers that may notify people, and who was already told about which task. */
@Injectable()
export class PushSubscriptionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Saves the browser's subscription for the user. An endpoint names one browser, so one
   * registered by someone else before (a shared phone) now belongs to whoever signed in.
   */
  async save(userId: string, s: { endpoint: string; p256dh: string; auth: string }): Promise<SavedSubscriptionRow> {
    const [row] = await selectRows<SavedSubscriptionRow>(
      this.dataSource.manager,
      `INSERT INTO push_subscriptions (user_id, endpoint, p256dh, auth) VALUES ($1, $2, $3, $4)
       ON CONFLICT (endpoint) DO UPDATE
         SET user_id = EXCLUDED.user_id, p256dh = EXCLUDED.p256dh, auth = EXCLUDED.auth, updated_at = now()
       RETURNING endpoint, created_at AS "createdAt", (xmax = 0) AS created`,
      [userId, s.endpoint, s.p256dh, s.auth],
    );
    // A person has a few browsers, not thousands: beyond the newest few, the oldest are dropped,
    // so nobody can stall the notifications queue with endpoints of their own.
    await execute(
      this.dataSource.manager,
      `DELETE FROM push_subscriptions WHERE user_id = $1
          AND id NOT IN (SELECT id FROM push_subscriptions WHERE user_id = $1 ORDER BY updated_at DESC, id DESC LIMIT $2)`,
      [userId, MAX_SUBSCRIPTIONS_PER_USER],
    );
    return row;
  }

  /** Deletes the user's own subscription at that endpoint; another person's is left alone. */
  async deleteOwn(userId: string, endpoint: string): Promise<void> {
    await execute(this.dataSource.manager, `DELETE FROM push_subscriptions WHERE user_id = $1 AND endpoint = $2`, [userId, endpoint]);
  }

  /** Deletes a subscription the push service said is gone (404, 410). */
  async deleteById(id: string): Promise<number> {
    return (await changeRows(this.dataSource.manager, `DELETE FROM push_subscriptions WHERE id = $1`, [id])).count;
  }

  /** Those among the users who have at least one subscription. */
  async usersWithSubscriptions(m: Queryable, userIds: readonly string[]): Promise<string[]> {
    const rows = await selectRows<{ userId: string }>(
      m,
      `SELECT DISTINCT user_id::text AS "userId" FROM push_subscriptions WHERE user_id = ANY($1::bigint[]) ORDER BY 1`,
      [userIds],
    );
    return rows.map((r) => r.userId);
  }

  /** The browsers of those among the users whom no earlier run told about the task. */
  listUntold(taskId: string, userIds: readonly string[]): Promise<PushTargetRow[]> {
    return selectRows<PushTargetRow>(
      this.dataSource.manager,
      `SELECT s.id::text AS "subscriptionId", s.user_id::text AS "userId", s.endpoint, s.p256dh, s.auth
         FROM push_subscriptions s
        WHERE s.user_id = ANY($2::bigint[])
          AND NOT EXISTS (SELECT 1 FROM push_deliveries d WHERE d.task_id = $1 AND d.user_id = s.user_id)
        ORDER BY s.user_id, s.id`,
      [taskId, userIds],
    );
  }

  /** How many of the users an earlier run already told about the task. */
  async countTold(taskId: string, userIds: readonly string[]): Promise<number> {
    const [{ told }] = await selectRows<{ told: number }>(
      this.dataSource.manager,
      `SELECT count(*)::int AS told FROM push_deliveries WHERE task_id = $1 AND user_id = ANY($2::bigint[])`,
      [taskId, userIds],
    );
    return told;
  }

  /**
   * Claims telling the user about the task: true for the one run that inserts the row, false
   * for every other (a retry, or a redelivery running at the same moment), which then skips them.
   */
  async claimTold(taskId: string, userId: string): Promise<boolean> {
    const rows = await selectRows<{ userId: string }>(
      this.dataSource.manager,
      `INSERT INTO push_deliveries (task_id, user_id) VALUES ($1, $2) ON CONFLICT (task_id, user_id) DO NOTHING RETURNING user_id::text AS "userId"`,
      [taskId, userId],
    );
    return rows.length === 1;
  }

  /** Gives a claim back when none of the user's browsers could be reached, so a retry tries again. */
  async releaseTold(taskId: string, userId: string): Promise<void> {
    await execute(this.dataSource.manager, `DELETE FROM push_deliveries WHERE task_id = $1 AND user_id = $2`, [taskId, userId]);
  }
}
