import { Client } from 'pg';

/** Whether the database a connected client reaches has been migrated (it has the users table). */
export async function isDatabaseMigrated(client: Client): Promise<boolean> {
  const [row] = (await client.query<{ migrated: boolean }>(`SELECT to_regclass('public.users') IS NOT NULL AS migrated`)).rows;
  return row.migrated;
}
