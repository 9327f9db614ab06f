import { Role } from '@app/access';
import { JobExecution, JobName } from '@app/queue-contracts';
import { createUser, login } from './fixtures';
import { eventually } from '@app/testing';
import { TestSystem } from './test-system';

/** A signed-in user for takedown tests. */
export interface Person {
  id: string;
  token: string;
  orgUnitId: string;
}

export async function person(system: TestSystem, orgUnitId: string, roles: Role[]): Promise<Person> {
  const user = await createUser(system, orgUnitId, roles);
  return { id: user.id, token: await login(system.http, user.username), orgUnitId };
}

/** Waits until every report is linked to a page case by the worker; returns report id → case id. */
export async function linkedCases(system: TestSystem, reportIds: string[], timeoutMs = 30_000): Promise<Record<string, string>> {
  const rows = await eventually(
    () =>
      system.db.query(`SELECT id::text AS id, page_case_id::text AS "pageCaseId" FROM reports WHERE id = ANY($1::bigint[])`, [
        reportIds,
      ]) as Promise<{ id: string; pageCaseId: string | null }[]>,
    (found) => found.length === reportIds.length && found.every((r) => r.pageCaseId !== null),
    timeoutMs,
  );
  const linked = Object.fromEntries(rows.map((r) => [r.id, r.pageCaseId as string]));
  if (Object.keys(linked).length !== reportIds.length || Object.values(linked).some((v) => v === null)) {
    throw new Error(`reports not linked in time: ${JSON.stringify(rows)}`);
  }
  return linked;
}

/** What a handler needs to run outside the JobRunner, as a test calling it directly. */
export function execution<N extends JobName>(name: N, payload: JobExecution<N>['payload']): JobExecution<N> {
  return { id: '00000000-0000-4000-8000-000000000000', name, payload, createdBy: null, reportProgress: async () => undefined };
}

/** The calendar day of an instant in the organisation's zone, as PostgreSQL prints a date. */
export const hanoiDay = (instant: string | Date) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(instant),
  );

/** Waits until no job is queued or running, so that "nothing was written" sees no late writes. */
export async function jobsIdle(system: TestSystem, timeoutMs = 30_000): Promise<void> {
  const [row] = await eventually(
    () => system.db.query(`SELECT count(*)::int AS n FROM jobs WHERE status IN ('queued', 'running')`) as Promise<{ n: number }[]>,
    (rows) => rows[0].n === 0,
    timeoutMs,
  );
  if (row.n === 0) return;
  // Name the stuck jobs: a job the worker keeps failing on (a query the schema no longer fits) shows its error here.
  const stuck = (await system.db.query(
    `SELECT name, status, attempts, left(error, 300) AS error FROM jobs WHERE status IN ('queued', 'running') ORDER BY created_at LIMIT 5`,
  )) as { name: string; status: string; attempts: number; error: string | null }[];
  throw new Error(`${row.n} jobs still queued or running: ${JSON.stringify(stuck)}`);
}
