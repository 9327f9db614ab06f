import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each tree's own report wording: a template belongs to a top unit (ADR 010), so one tree's
 * secretariat no longer rewords every other tree's year-end summary. A wording saved before
 * stays with the tree of whoever saved it; one saved by the system goes to every tree, which
 * is what each of them showed until now.
 */
export class TreeReportTemplates1765100000000 implements MigrationInterface {
  name = 'TreeReportTemplates1765100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE report_templates RENAME TO report_templates_shared`);
    await db.query(`
      CREATE TABLE report_templates (
        key varchar(64) NOT NULL,
        org_unit_id bigint NOT NULL REFERENCES org_units(id),
        body text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 20000),
        updated_by bigint REFERENCES users(id),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (key, org_unit_id)
      )`);
    await db.query(`
      INSERT INTO report_templates (key, org_unit_id, body, updated_by, updated_at)
      SELECT t.key, r.id, t.body, t.updated_by, t.updated_at
        FROM report_templates_shared t
        JOIN org_units r ON r.parent_id IS NULL
        LEFT JOIN users u ON u.id = t.updated_by
        LEFT JOIN org_units o ON o.id = u.org_unit_id
       WHERE o.id IS NULL OR r.path = subpath(o.path, 0, 1)`);
    await db.query(`DROP TABLE report_templates_shared`);
  }

  async down(db: QueryRunner): Promise<void> {
    // Back to one wording for everybody: the most recently saved one wins.
    await db.query(`
      CREATE TABLE report_templates_shared AS
      SELECT DISTINCT ON (key) key, body, updated_by, updated_at FROM report_templates ORDER BY key, updated_at DESC`);
    await db.query(`DROP TABLE report_templates`);
    await db.query(`ALTER TABLE report_templates_shared RENAME TO report_templates`);
    await db.query(`ALTER TABLE report_templates ADD PRIMARY KEY (key), ALTER COLUMN body SET NOT NULL,
                    ALTER COLUMN updated_at SET NOT NULL, ALTER COLUMN updated_at SET DEFAULT now(),
                    ADD FOREIGN KEY (updated_by) REFERENCES users(id),
                    ADD CHECK (char_length(body) BETWEEN 1 AND 20000)`);
  }
}
