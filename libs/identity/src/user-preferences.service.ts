import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Actor } from '@app/access';
import { Language, MyPreferencesView } from '@app/contracts';

/**
 * A person's own preferences, kept on their account so they follow them to another phone.
 * Only the person themselves reads or sets them, so there is no scope to check; a language
 * is not a record anyone reports on, so changing it writes no audit entry.
 */
@Injectable()
export class UserPreferencesService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async of(actor: Actor): Promise<MyPreferencesView> {
    const [row] = (await this.db.query(`SELECT language FROM users WHERE id = $1`, [actor.id])) as MyPreferencesView[];
    return { language: row?.language ?? null };
  }

  async setLanguage(actor: Actor, language: Language): Promise<MyPreferencesView> {
    const [rows] = (await this.db.query(`UPDATE users SET language = $2 WHERE id = $1 RETURNING language`, [actor.id, language])) as [
      MyPreferencesView[],
      number,
    ];
    return { language: rows[0]?.language ?? null };
  }
}
