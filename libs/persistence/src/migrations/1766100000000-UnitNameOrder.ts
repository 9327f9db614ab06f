import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Units are numbered in their names ("Chi bộ cơ sở số 2", "… số 10"): Vietnamese ICU order with
 * numbers compared as numbers, so số 2 comes before số 10 (vi-x-icu alone puts 10 first).
 */
export class UnitNameOrder1766100000000 implements MigrationInterface {
  name = 'UnitNameOrder1766100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE COLLATION IF NOT EXISTS "vi-numeric" (provider = icu, locale = 'vi-u-kn-true')`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP COLLATION IF EXISTS "vi-numeric"`);
  }
}
