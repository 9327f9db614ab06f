import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { changeRows, execute, Queryable, selectOne } from '@app/persistence';

/** A refresh token as rotation checks it. */
export interface RefreshTokenRow {
  id: string;
  userId: string;
  familyId: string;
  usedAt: Date | null;
  revokedAt: Date | null;
  expiresAt: Date;
}

/** A refresh token as it is issued; it lives `ttlDays` from now. */
export interface NewRefreshTokenRow {
  userId: string;
  familyId: string;
  tokenHash: Buffer;
  ttlDays: number;
}

/** Refresh tokens, stored by the hash of their text. */
@Injectable()
export class RefreshTokensRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  findByHash(tokenHash: Buffer, db: Queryable = this.dataSource.manager): Promise<RefreshTokenRow | null> {
    return selectOne<RefreshTokenRow>(
      db,
      `SELECT id, user_id AS "userId", family_id AS "familyId", used_at AS "usedAt",
              revoked_at AS "revokedAt", expires_at AS "expiresAt"
         FROM refresh_tokens WHERE token_hash = $1`,
      [tokenHash],
    );
  }

  async insert(m: Queryable, token: NewRefreshTokenRow): Promise<void> {
    await execute(
      m,
      `INSERT INTO refresh_tokens (user_id, family_id, token_hash, expires_at)
       VALUES ($1, $2, $3, now() + make_interval(days => $4))`,
      [token.userId, token.familyId, token.tokenHash, token.ttlDays],
    );
  }

  /** Marks the token used; false when it was already used or revoked. */
  async claimUnused(m: Queryable, id: string): Promise<boolean> {
    const { rows } = await changeRows<{ id: string }>(
      m,
      `UPDATE refresh_tokens SET used_at = now() WHERE id = $1 AND used_at IS NULL AND revoked_at IS NULL RETURNING id`,
      [id],
    );
    return rows.length > 0;
  }

  async revokeFamily(m: Queryable, familyId: string): Promise<void> {
    await execute(m, `UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL`, [familyId]);
  }

  /** Revokes the whole family of the token with this hash; an unknown hash revokes nothing. */
  async revokeFamilyOfHash(m: Queryable, tokenHash: Buffer): Promise<void> {
    await execute(
      m,
      `UPDATE refresh_tokens SET revoked_at = now()
        WHERE revoked_at IS NULL AND family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = $1)`,
      [tokenHash],
    );
  }

  async revokeAllOfUser(m: Queryable, userId: string): Promise<void> {
    await execute(m, `UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [userId]);
  }
}
