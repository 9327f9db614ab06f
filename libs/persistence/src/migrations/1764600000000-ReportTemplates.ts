import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The secretariat's wording of generated reports (a key nobody saved reads as the built-in
 * default), and the files that export jobs build for large subtrees, kept for their requester.
 */
export class ReportTemplates1764600000000 implements MigrationInterface {
  name = 'ReportTemplates1764600000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE report_templates (
        key varchar(64) PRIMARY KEY,
        body text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 20000),
        updated_by bigint REFERENCES users(id),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // One file per job: a job that runs twice replaces its file instead of adding one.
    await db.query(`
      CREATE TABLE stats_exports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        job_id uuid NOT NULL UNIQUE REFERENCES jobs(id),
        content bytea NOT NULL,
        media_type varchar(100) NOT NULL,
        filename varchar(200) NOT NULL,
        created_by bigint REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE IF EXISTS stats_exports`);
    await db.query(`DROP TABLE IF EXISTS report_templates`);
  }
}
