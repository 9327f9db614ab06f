import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Actor, Role, UnitScope, unitScopeSql } from '@app/access';
import { Language, MyPreferencesView, UserView } from '@app/contracts';
import { changeRows, execute, Queryable, selectOne, selectRows, textSearchSql } from '@app/persistence';

/** The columns of a {@link UserView}, on alias `u`. */
const USER_COLUMNS = `u.id, u.username, u.full_name AS "fullName", u.org_unit_id AS "orgUnitId",
  u.roles, u.active, u.created_at AS "createdAt"`;

// Serialises seeding when several API processes start at once.
const SEED_LOCK = 7_301_002;

/** A user as it is inserted. */
export interface NewUserRow {
  username: string;
  fullName: string;
  passwordHash: string;
  orgUnitId: string;
  roles: Role[];
}

/** What an update sets; a null leaves that column as it is. */
export interface UserRowChanges {
  fullName: string | null;
  roles: Role[] | null;
  active: boolean | null;
  orgUnitId: string | null;
  passwordHash: string | null;
  /** Bumps the token version, so tokens issued before stop being accepted. */
  revokesTokens: boolean;
}

/** A page of users by id, optionally of one subtree and of one activity. */
export interface UserPage {
  afterId: string | null;
  /** How many to answer; one more is read to tell whether another page follows. */
  limit: number;
  subtreePath: string | null;
  active: boolean | null;
  /** Search text for full names and usernames: the best matches instead of the id order. */
  q: string | null;
}

/** What checking a sign-in needs. */
export interface CredentialsRow {
  id: string;
  passwordHash: string;
  active: boolean;
}

/** A user as a caller, with what decides whether their tokens still hold. */
export type ActorRecordRow = Actor & { active: boolean; tokenVersion: number };

/** A user with their unit (GET /me). */
export type UserWithUnitRow = UserView & { unit: { id: string; name: string; code: string | null } };

/** User accounts. */
@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Holds the first-admin seeding lock until the caller's transaction ends. */
  async lockSeeding(m: Queryable): Promise<void> {
    await execute(m, 'SELECT pg_advisory_xact_lock($1)', [SEED_LOCK]);
  }

  /** The new user's id, or null when the username is taken (case-insensitively). */
  async insertIfUsernameFree(m: Queryable, user: NewUserRow): Promise<string | null> {
    const row = await selectOne<{ id: string }>(
      m,
      `INSERT INTO users (username, full_name, password_hash, org_unit_id, roles)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT ((lower(username))) DO NOTHING
         RETURNING id`,
      [user.username, user.fullName, user.passwordHash, user.orgUnitId, user.roles],
    );
    return row?.id ?? null;
  }

  async update(m: Queryable, id: string, changes: UserRowChanges): Promise<void> {
    await execute(
      m,
      `UPDATE users SET full_name = coalesce($2, full_name), roles = coalesce($3, roles),
                active = coalesce($4, active), org_unit_id = coalesce($5, org_unit_id),
                password_hash = coalesce($6, password_hash),
                token_version = token_version + CASE WHEN $7 THEN 1 ELSE 0 END, updated_at = now()
          WHERE id = $1`,
      [id, changes.fullName, changes.roles, changes.active, changes.orgUnitId, changes.passwordHash, changes.revokesTokens],
    );
  }

  /** Users whose unit lies in the scope, by id; with `q`, the best matches first (ties by name, Vietnamese order). */
  listVisibleTo(scope: UnitScope, page: UserPage, db: Queryable = this.dataSource.manager): Promise<UserView[]> {
    const filter = unitScopeSql(scope, 'o', 5);
    const search = page.q === null ? null : textSearchSql(['u.full_name', 'u.username'], page.q, 5 + filter.params.length);
    return selectRows<UserView>(
      db,
      `SELECT ${USER_COLUMNS} FROM users u JOIN org_units o ON o.id = u.org_unit_id
        WHERE ($1::bigint IS NULL OR u.id > $1) AND ($3::ltree IS NULL OR o.path <@ $3::ltree)
          AND ($4::boolean IS NULL OR u.active = $4) AND ${filter.sql} ${search ? `AND ${search.match}` : ''}
        ORDER BY ${search ? `${search.rank} DESC, u.full_name COLLATE "vi-x-icu", ` : ''}u.id LIMIT $2`,
      [page.afterId, page.limit + 1, page.subtreePath, page.active, ...filter.params, ...(search?.params ?? [])],
    );
  }

  findById(id: string, db: Queryable = this.dataSource.manager): Promise<UserView | null> {
    return selectOne<UserView>(db, `SELECT ${USER_COLUMNS} FROM users u WHERE u.id = $1`, [id]);
  }

  /** The user, locked (FOR UPDATE) until the caller's transaction ends. */
  lockById(m: Queryable, id: string): Promise<UserView | null> {
    return selectOne<UserView>(m, `SELECT ${USER_COLUMNS} FROM users u WHERE u.id = $1 FOR UPDATE`, [id]);
  }

  /** The user with this username, compared case-insensitively. */
  findByUsername(username: string, db: Queryable = this.dataSource.manager): Promise<UserView | null> {
    return selectOne<UserView>(db, `SELECT ${USER_COLUMNS} FROM users u WHERE lower(u.username) = lower($1)`, [username]);
  }

  /** The password hash and activity behind a username, compared case-insensitively. */
  findCredentials(username: string, db: Queryable = this.dataSource.manager): Promise<CredentialsRow | null> {
    return selectOne<CredentialsRow>(
      db,
      `SELECT id, password_hash AS "passwordHash", active FROM users WHERE lower(username) = lower($1)`,
      [username],
    );
  }

  findActorRecord(userId: string, db: Queryable = this.dataSource.manager): Promise<ActorRecordRow | null> {
    return selectOne<ActorRecordRow>(
      db,
      `SELECT u.id, u.username, u.roles, u.org_unit_id AS "orgUnitId", o.path::text AS "unitPath",
              u.active, u.token_version AS "tokenVersion"
         FROM users u JOIN org_units o ON o.id = u.org_unit_id WHERE u.id = $1`,
      [userId],
    );
  }

  /** A user who exists, with their unit. */
  async findWithUnit(userId: string, db: Queryable = this.dataSource.manager): Promise<UserWithUnitRow> {
    const [row] = await selectRows<UserWithUnitRow>(
      db,
      `SELECT u.id, u.username, u.full_name AS "fullName", u.org_unit_id AS "orgUnitId", u.roles, u.active,
              u.created_at AS "createdAt", json_build_object('id', o.id::text, 'name', o.name, 'code', o.code,
              'parentId', o.parent_id::text) AS unit
         FROM users u JOIN org_units o ON o.id = u.org_unit_id WHERE u.id = $1`,
      [userId],
    );
    return row;
  }

  async hasActiveAdmin(db: Queryable = this.dataSource.manager): Promise<boolean> {
    const rows = await selectRows<unknown>(db, `SELECT 1 FROM users WHERE active AND 'admin' = ANY(roles) LIMIT 1`);
    return rows.length > 0;
  }

  /** Those of the users whose unit lies in the scope, by id. */
  async listIdsVisibleAmong(
    userIds: string[],
    scope: UnitScope,
    db: Queryable = this.dataSource.manager,
  ): Promise<string[]> {
    const filter = unitScopeSql(scope, 'o', 2);
    const rows = await selectRows<{ id: string }>(
      db,
      `SELECT u.id::text AS id FROM users u JOIN org_units o ON o.id = u.org_unit_id
        WHERE u.id = ANY($1::bigint[]) AND ${filter.sql} ORDER BY u.id`,
      [userIds, ...filter.params],
    );
    return rows.map((row) => row.id);
  }

  /** How many of the users exist with their unit in the scope. */
  async countVisibleAmong(userIds: string[], scope: UnitScope, db: Queryable = this.dataSource.manager): Promise<number> {
    const filter = unitScopeSql(scope, 'o', 2);
    const [{ count }] = await selectRows<{ count: number }>(
      db,
      `SELECT count(*)::int AS count FROM users u JOIN org_units o ON o.id = u.org_unit_id
        WHERE u.id = ANY($1::bigint[]) AND ${filter.sql}`,
      [userIds, ...filter.params],
    );
    return count;
  }

  findPreferences(userId: string, db: Queryable = this.dataSource.manager): Promise<MyPreferencesView | null> {
    return selectOne<MyPreferencesView>(db, `SELECT language FROM users WHERE id = $1`, [userId]);
  }

  /** The language now set, or null when the user is gone. */
  async setLanguage(m: Queryable, userId: string, language: Language): Promise<Language | null> {
    const { rows } = await changeRows<MyPreferencesView>(
      m,
      `UPDATE users SET language = $2 WHERE id = $1 RETURNING language`,
      [userId, language],
    );
    return rows[0]?.language ?? null;
  }
}
