import { MigrationInterface, QueryRunner } from 'typeorm';

/** The columns the `q` search of the lists reads, each indexed by its folded text. */
const SEARCHED = [
  ['users', 'full_name'],
  ['users', 'username'],
  ['teams', 'name'],
  ['contents', 'title'],
  ['contents', 'url'],
  ['tasks', 'title'],
  ['page_cases', 'canonical_url'],
] as const;

/**
 * Accent-insensitive search (issue 12): "Duc" finds "Đức". `lantoa_fold` lower-cases and strips
 * Vietnamese marks (unaccent's rules already map đ/Đ to d); it is IMMUTABLE so that GIN trigram
 * indexes can hold its answer. unaccent itself is only STABLE because its dictionary is looked up
 * by name, so the wrapper names the dictionary with its schema, which the migration reads from
 * the catalogue rather than assuming `public`.
 */
export class AccentInsensitiveSearch1765500000000 implements MigrationInterface {
  name = 'AccentInsensitiveSearch1765500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE EXTENSION IF NOT EXISTS unaccent`);
    await db.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    const [{ schema }] = (await db.query(
      `SELECT quote_ident(n.nspname) AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
        WHERE e.extname = 'unaccent'`,
    )) as { schema: string }[];
    await db.query(`
      CREATE FUNCTION lantoa_fold(text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
        AS $$ SELECT lower(${schema}.unaccent('${schema}.unaccent'::regdictionary, $1)) $$`);
    for (const [table, column] of SEARCHED) {
      await db.query(`CREATE INDEX ${table}_${column}_search ON ${table} USING gin (lantoa_fold(${column}) gin_trgm_ops)`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const [table, column] of SEARCHED) await db.query(`DROP INDEX ${table}_${column}_search`);
    await db.query(`DROP FUNCTION lantoa_fold(text)`);
    // The extensions stay: other databases' objects, or a later migration, may use them.
  }
}
