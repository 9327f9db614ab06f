import { MigrationInterface, QueryRunner } from 'typeorm';

/** Reports typed in from paper records kept before Lan Tỏa carry their original date and say so. */
export class ReportBackfill1764700000000 implements MigrationInterface {
  name = 'ReportBackfill1764700000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE reports ADD COLUMN backfilled_by bigint REFERENCES users(id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE reports DROP COLUMN backfilled_by`);
  }
}
