import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Aggregates of the figures, maintained by the worker from figure_changes: per unit and
 * day, month and year (additive metrics), the set of page cases reported per unit and
 * year (pagesReported is a distinct count), per-user yearly action counts (targets,
 * leaderboard) and active members per unit. Subtree totals are sums over units at read
 * time, so moving a unit moves its history with it.
 */
export class Figures1764500000000 implements MigrationInterface {
  name = 'Figures1764500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE figure_daily (
        org_unit_id bigint NOT NULL,
        day date NOT NULL,
        metric varchar(32) NOT NULL,
        value bigint NOT NULL,
        PRIMARY KEY (org_unit_id, day, metric)
      )`);
    await db.query(`
      CREATE TABLE figure_monthly (
        org_unit_id bigint NOT NULL,
        month date NOT NULL,
        metric varchar(32) NOT NULL,
        value bigint NOT NULL,
        PRIMARY KEY (org_unit_id, month, metric)
      )`);
    await db.query(`
      CREATE TABLE figure_yearly (
        org_unit_id bigint NOT NULL,
        year integer NOT NULL,
        metric varchar(32) NOT NULL,
        value bigint NOT NULL,
        PRIMARY KEY (org_unit_id, year, metric)
      )`);
    await db.query(`CREATE INDEX figure_yearly_year_idx ON figure_yearly (year, org_unit_id)`);
    await db.query(`
      CREATE TABLE figure_page_sets (
        org_unit_id bigint NOT NULL,
        year integer NOT NULL,
        page_case_id bigint NOT NULL,
        PRIMARY KEY (org_unit_id, year, page_case_id)
      )`);
    await db.query(`
      CREATE TABLE figure_user_yearly (
        user_id bigint NOT NULL,
        org_unit_id bigint NOT NULL,
        year integer NOT NULL,
        type varchar(16) NOT NULL,
        value bigint NOT NULL,
        PRIMARY KEY (user_id, org_unit_id, year, type)
      )`);
    await db.query(`CREATE INDEX figure_user_yearly_year_idx ON figure_user_yearly (year, user_id)`);
    await db.query(`
      CREATE TABLE figure_members (
        org_unit_id bigint PRIMARY KEY,
        value bigint NOT NULL
      )`);
    await db.query(
      `INSERT INTO figure_members (org_unit_id, value) SELECT org_unit_id, count(*) FROM users WHERE active GROUP BY org_unit_id`,
    );
    // Bumped by every fold that changed an aggregate, so readers can tell whether a cached answer still holds.
    await db.query(`CREATE TABLE figure_state (id integer PRIMARY KEY CHECK (id = 1), version bigint NOT NULL)`);
    await db.query(`INSERT INTO figure_state (id, version) VALUES (1, 0)`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['figure_state', 'figure_members', 'figure_user_yearly', 'figure_page_sets', 'figure_yearly', 'figure_monthly', 'figure_daily']) {
      await db.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
