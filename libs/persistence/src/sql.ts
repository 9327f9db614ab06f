import { EntityManager } from 'typeorm';

/**
 * What a repository method runs its SQL on: the DataSource's manager, or the manager of the
 * transaction the calling service opened. Services own transactions; repositories never open one.
 */
export type Queryable = Pick<EntityManager, 'query'>;

/** The rows a SELECT (or INSERT … RETURNING) answers, typed once here rather than cast at each call. */
export async function selectRows<Row>(db: Queryable, sql: string, params: readonly unknown[] = []): Promise<Row[]> {
  return (await db.query(sql, params as unknown[])) as Row[];
}

/** The first row, or null when there is none. */
export async function selectOne<Row>(db: Queryable, sql: string, params: readonly unknown[] = []): Promise<Row | null> {
  const [row] = await selectRows<Row>(db, sql, params);
  return row ?? null;
}

/**
 * An UPDATE or DELETE, with the rows its RETURNING names and how many rows it touched.
 * TypeORM's pg driver answers these with `[rows, rowCount]` instead of the rows.
 */
export async function changeRows<Row = never>(
  db: Queryable,
  sql: string,
  params: readonly unknown[] = [],
): Promise<{ rows: Row[]; count: number }> {
  const [rows, count] = (await db.query(sql, params as unknown[])) as [Row[], number];
  return { rows, count };
}

/** A statement whose answer is not needed (DDL, locks, INSERT without RETURNING). */
export async function execute(db: Queryable, sql: string, params: readonly unknown[] = []): Promise<void> {
  await db.query(sql, params as unknown[]);
}
