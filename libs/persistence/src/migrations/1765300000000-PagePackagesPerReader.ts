import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Takedown packages are built for their reader (ADR 013): one stored copy per case and
 * reader's scope, with the digest of what it holds, so a copy is served only while the
 * records it was built from — as that scope sees them — are unchanged. The packages stored
 * before were built for the whole case and name other trees' reporters: they are deleted,
 * and each reader's next download builds their own.
 */
export class PagePackagesPerReader1765300000000 implements MigrationInterface {
  name = 'PagePackagesPerReader1765300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM page_packages`);
    await db.query(`ALTER TABLE page_packages DROP CONSTRAINT page_packages_pkey`);
    await db.query(`ALTER TABLE page_packages ADD COLUMN scope text NOT NULL, ADD COLUMN digest char(64) NOT NULL`);
    await db.query(`ALTER TABLE page_packages ADD PRIMARY KEY (page_case_id, scope)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM page_packages`);
    await db.query(`ALTER TABLE page_packages DROP CONSTRAINT page_packages_pkey`);
    await db.query(`ALTER TABLE page_packages DROP COLUMN scope, DROP COLUMN digest`);
    await db.query(`ALTER TABLE page_packages ADD PRIMARY KEY (page_case_id)`);
  }
}
