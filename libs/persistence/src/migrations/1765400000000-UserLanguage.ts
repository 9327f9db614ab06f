import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The language a person chose in the web app (issue 10), kept on their account so it follows
 * them to another phone. Null until they choose: the app then shows the phone's language,
 * Vietnamese by default.
 */
export class UserLanguage1765400000000 implements MigrationInterface {
  name = 'UserLanguage1765400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE users ADD COLUMN language text CONSTRAINT users_language_check CHECK (language IN ('vi', 'en'))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE users DROP COLUMN language`);
  }
}
