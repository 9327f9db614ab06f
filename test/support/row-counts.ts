import { TestSystem } from './test-system';

/** Tables no request writes to on purpose: the migration ledger. */
const NOT_COUNTED = new Set(['migrations', 'typeorm_metadata']);

/**
 * Row counts of every table in the test database (one query), for "nothing was written"
 * assertions that cannot forget a table added later.
 */
export async function countAllRows(system: TestSystem): Promise<Record<string, number>> {
  const tables = (
    (await system.db.query(
      `SELECT table_name AS name FROM information_schema.tables
        WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
    )) as { name: string }[]
  )
    .map((t) => t.name)
    .filter((name) => !NOT_COUNTED.has(name));
  const union = tables.map((name) => `SELECT '${name}' AS name, count(*)::int AS n FROM "${name}"`).join(' UNION ALL ');
  const rows = (await system.db.query(union)) as { name: string; n: number }[];
  return Object.fromEntries(rows.map((r) => [r.name, r.n]));
}

/** The tables whose counts differ between two snapshots, with the difference. */
export function rowsChanged(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const changed: Record<string, number> = {};
  for (const name of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const delta = (after[name] ?? 0) - (before[name] ?? 0);
    if (delta !== 0) changed[name] = delta;
  }
  return changed;
}

/** How many rows changed in all, whichever way. */
export const totalChanged = (changed: Record<string, number>) => Object.values(changed).reduce((sum, d) => sum + Math.abs(d), 0);
