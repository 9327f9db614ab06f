import { randomBytes } from 'node:crypto';
import TestAgent from 'supertest/lib/agent';
import { Role } from '@app/access';
import { FirstAdminService, UsersService } from '@app/identity';
import { OrgUnitsService, UnitView } from '@app/organisation';
import { TestSystem } from './test-system';

export const ADMIN = { username: 'admin', password: 'admin-password-1' } as const;
export const PASSWORD = 'password-123';

/** A bearer header for supertest's `.set(...)`. */
export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Signs in over HTTP and returns the access token. */
export async function login(http: TestAgent, username: string, password = PASSWORD): Promise<string> {
  const response = await http.post('/api/v1/auth/login').send({ username, password });
  if (response.status !== 200) throw new Error(`login ${username}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.accessToken as string;
}

/** Creates the first admin (and the root unit) and signs them in. */
export async function seedAdmin(system: TestSystem): Promise<{ token: string; rootUnitId: string }> {
  await system.app.get(FirstAdminService).ensure(ADMIN.username, ADMIN.password);
  const token = await login(system.http, ADMIN.username, ADMIN.password);
  const me = await system.http.get('/api/v1/me').set(bearer(token));
  return { token, rootUnitId: me.body.orgUnitId as string };
}

/** Creates a unit directly through the service, as the system. */
export function createUnit(system: TestSystem, name: string, parentId: string | null, code?: string): Promise<UnitView> {
  return system.app.get(OrgUnitsService).create(null, { name, parentId, code });
}

/** Creates a user directly through the service, as the system; the password is {@link PASSWORD}. */
export async function createUser(
  system: TestSystem,
  orgUnitId: string,
  roles: Role[],
  username = `u${randomBytes(4).toString('hex')}`,
) {
  return system.app
    .get(UsersService)
    .create(null, { username, password: PASSWORD, fullName: `Người dùng ${username}`, orgUnitId, roles });
}

/** Counts rows of a table, for "nothing was written" assertions. */
export async function countRows(system: TestSystem, table: string): Promise<number> {
  const [row] = (await system.db.query(`SELECT count(*)::int AS n FROM ${table}`)) as { n: number }[];
  return row.n;
}

/** Row counts of every table a request could write, to compare before and after. */
export async function snapshotCounts(system: TestSystem): Promise<Record<string, number>> {
  const tables = ['org_units', 'users', 'teams', 'team_members', 'refresh_tokens', 'audit_log', 'jobs'];
  const counts: Record<string, number> = {};
  for (const table of tables) counts[table] = await countRows(system, table);
  return counts;
}

