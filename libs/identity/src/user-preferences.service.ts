import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Actor } from '@app/access';
import { Language, MyPreferencesView } from '@app/contracts';
import { UsersRepository } from './users.repository';

/**
 * A person's own preferences, kept on their account so they follow them to another phone.
 * Only the person themselves reads or sets them, so there is no scope to check; a language
 * is not a record anyone reports on, so changing it writes no audit entry.
 */
@Injectable()
export class UserPreferencesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly users: UsersRepository,
  ) {}

  async of(actor: Actor): Promise<MyPreferencesView> {
    const row = await this.users.findPreferences(actor.id);
    return { language: row?.language ?? null };
  }

  async setLanguage(actor: Actor, language: Language): Promise<MyPreferencesView> {
    return { language: await this.users.setLanguage(this.db.manager, actor.id, language) };
  }
}
