import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PoolClient } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import { UnitScope, unitScopeSql } from '@app/access';
import { Queryable, selectRows } from '@app/persistence';
import { insertFigureChangesOfSql, inYearSql } from '@app/stats';
import { ACTION_COLUMNS, ActionView } from './action-view';

// The one statement of a flush: ids in input order, the insert (a key taken before is left
// alone), the figure changes of what was inserted, and one answer row for the statement.
const INSERT_ACTIONS = {
  name: 'actions.insert',
  text: `WITH input AS (
         SELECT i.*, nextval(pg_get_serial_sequence('actions', 'id')) AS id
           FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::int[], $7::timestamptz[],
                       $8::bigint[], $9::bigint[], $10::text[], $11::bytea[])
                WITH ORDINALITY AS i(user_id, org_unit_id, type, platform, url, reach, occurred_at, task_id, content_id,
                                     idempotency_key, request_hash, ord)
          ORDER BY i.ord),
       inserted AS (
         INSERT INTO actions (id, user_id, org_unit_id, type, platform, url, reach, occurred_at, task_id, content_id,
                              idempotency_key, request_hash)
         SELECT id, user_id, org_unit_id, type, platform, url, reach, occurred_at, task_id, content_id,
                idempotency_key, request_hash FROM input
         ON CONFLICT (user_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
         RETURNING id, org_unit_id, occurred_at, created_at),
       changes AS (${insertFigureChangesOfSql('actions', 'inserted', 'org_unit_id', 'occurred_at', '$12')})
       SELECT array_to_string(array_agg(input.id ORDER BY input.ord), ',') AS ids,
              array_to_string(array_agg((inserted.id IS NOT NULL)::int ORDER BY input.ord), '') AS written,
              max(inserted.created_at) AS "createdAt"
         FROM input LEFT JOIN inserted ON inserted.id = input.id`,
};

/**
 * The one answer row of a flush's insert: ids in input order, a 1 or 0 for each saying
 * whether it was written now, and the creation time (now(), the same for every row written).
 */
export interface InsertedBatchRow {
  ids: string;
  written: string;
  createdAt: Date | null;
}

/** An action found by its author's idempotency key, with the key and the request's fingerprint. */
export type KeyedActionRow = ActionView & { key: string; hash: Buffer };

/** An action of a history page, with the instant its keyset cursor names. */
export type ActionHistoryRow = ActionView & { cursorAt: string };

/** Whose actions a history shows: one author's own, or those stamped with a unit in a scope. */
export type ActionVisibility = { authorId: string } | UnitScope;

/** The filters and keyset of a history page, newest first. */
export interface ActionHistoryPage {
  year: number | null;
  /** The timezone the year is counted in. */
  timezone: string;
  /** Only units of this subtree. */
  unitPath: string | null;
  userId: string | null;
  types: string[] | null;
  taskId: string | null;
  /** The (occurredAt, id) of the last action of the page before. */
  before: { at: string; id: string } | null;
  /** How many to answer; one more is read to tell whether another page follows. */
  limit: number;
}

/** Actions: the group-committed insert, the look-up of taken keys, and the history drill-down. */
@Injectable()
export class ActionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Runs INSERT_ACTIONS as a named statement: PostgreSQL parses and plans it once per
   * connection instead of on every flush (planning cost more than executing a small flush).
   * Inside a transaction it runs on that transaction's connection.
   */
  async insertBatch(m: EntityManager, values: unknown[]): Promise<InsertedBatchRow[]> {
    const runner = m.queryRunner ?? this.dataSource.createQueryRunner();
    try {
      const client = (await runner.connect()) as PoolClient;
      return (await client.query<InsertedBatchRow>({ ...INSERT_ACTIONS, values })).rows;
    } finally {
      if (!m.queryRunner) await runner.release();
    }
  }

  /** The actions already written under these (author, idempotency key) pairs. */
  findByIdempotencyKeys(
    keys: { userIds: string[]; keys: (string | null)[] },
    db: Queryable = this.dataSource.manager,
  ): Promise<KeyedActionRow[]> {
    return selectRows<KeyedActionRow>(
      db,
      `SELECT ${ACTION_COLUMNS}, a.idempotency_key AS "key", a.request_hash AS "hash"
         FROM actions a JOIN unnest($1::bigint[], $2::text[]) AS k(user_id, key)
           ON a.user_id = k.user_id AND a.idempotency_key = k.key`,
      [keys.userIds, keys.keys],
    );
  }

  /** The ltree path of a unit that exists, as text. */
  async findUnitPath(orgUnitId: string, db: Queryable = this.dataSource.manager): Promise<string> {
    const [{ path }] = await selectRows<{ path: string }>(db, `SELECT path::text AS path FROM org_units WHERE id = $1`, [
      orgUnitId,
    ]);
    return path;
  }

  /** One page more than asked (`limit + 1` rows) of the visible actions, newest first. */
  listNewestFirst(
    visibleTo: ActionVisibility,
    page: ActionHistoryPage,
    db: Queryable = this.dataSource.manager,
  ): Promise<ActionHistoryRow[]> {
    const scopeSql =
      'authorId' in visibleTo ? { sql: 'a.user_id = $10', params: [visibleTo.authorId] } : unitScopeSql(visibleTo, 'o', 10);
    return selectRows<ActionHistoryRow>(
      db,
      `SELECT ${ACTION_COLUMNS},
              to_char(a.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "cursorAt"
         FROM actions a JOIN org_units o ON o.id = a.org_unit_id
        WHERE ${scopeSql.sql}
          AND ($1::int IS NULL OR (${inYearSql('a.occurred_at', '$1', '$2')}))
          AND ($3::ltree IS NULL OR o.path <@ $3::ltree)
          AND ($4::bigint IS NULL OR a.user_id = $4)
          AND ($5::text[] IS NULL OR a.type = ANY($5::text[]))
          AND ($6::bigint IS NULL OR a.task_id = $6)
          AND ($7::timestamptz IS NULL OR (a.occurred_at, a.id) < ($7::timestamptz, $8::bigint))
        ORDER BY a.occurred_at DESC, a.id DESC
        LIMIT $9::int + 1`,
      [
        page.year,
        page.timezone,
        page.unitPath,
        page.userId,
        page.types,
        page.taskId,
        page.before?.at ?? null,
        page.before?.id ?? null,
        page.limit,
        ...scopeSql.params,
      ],
    );
  }
}
