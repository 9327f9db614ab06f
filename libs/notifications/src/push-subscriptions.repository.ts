import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { changeRows, execute, Queryable, selectRows } from '@app/persistence';

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

  /** Notes that the user was told about the task, so that a retried job skips them. */
  async markTold(taskId: string, userId: string): Promise<void> {
    await execute(
      this.dataSource.manager,
      `INSERT INTO push_deliveries (task_id, user_id) VALUES ($1, $2) ON CONFLICT (task_id, user_id) DO NOTHING`,
      [taskId, userId],
    );
  }
}
