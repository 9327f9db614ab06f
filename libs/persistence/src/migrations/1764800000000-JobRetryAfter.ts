import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A job whose quick retries ran out on a passing failure (the database away for a while)
 * waits until `retry_after` and is then swept in again, rather than failing for good.
 */
export class JobRetryAfter1764800000000 implements MigrationInterface {
  name = 'JobRetryAfter1764800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE jobs ADD COLUMN retry_after timestamptz`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE jobs DROP COLUMN retry_after`);
  }
}
