import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Units can be deactivated (issue 12, the admin console) instead of deleted: their past
 * records keep pointing at them. `deactivated_at` says since when; null while active.
 * The audit log gains indexes for the admin console's filters (actor, action, time).
 */
export class UnitDeactivation1765700000000 implements MigrationInterface {
  name = 'UnitDeactivation1765700000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE org_units ADD COLUMN active boolean NOT NULL DEFAULT true`);
    await db.query(`ALTER TABLE org_units ADD COLUMN deactivated_at timestamptz`);
    await db.query(`CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, id)`);
    await db.query(`CREATE INDEX audit_log_created_at_idx ON audit_log (created_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX audit_log_created_at_idx`);
    await db.query(`DROP INDEX audit_log_actor_idx`);
    await db.query(`ALTER TABLE org_units DROP COLUMN deactivated_at`);
    await db.query(`ALTER TABLE org_units DROP COLUMN active`);
  }
}
