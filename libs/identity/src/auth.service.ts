import { createHash, createSecretKey, KeyObject, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Actor } from '@app/access';
import { APP_CONFIG, AppConfig } from '@app/config';
import { UserView } from '@app/contracts';
import { OrgUnitsService } from '@app/organisation';
import { IdentityError, IdentityErrorCode } from './identity.errors';
import { passwordHasher } from './password-hasher';
import { RateLimiterService } from './rate-limiter.service';
import { UsersService } from './users.service';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
}

interface AccessClaims {
  sub: string;
  ver: number;
  exp: number;
}

interface ActorRow extends Actor {
  active: boolean;
  tokenVersion: number;
}

// A signed-in user's roles and unit are re-read at most this often per API process.
const ACTOR_CACHE_MS = 2000;
const ACTOR_CACHE_MAX = 10_000;
// Tokens whose signature was checked, by their exact text, until they expire.
const VERIFIED_TOKENS_MAX = 10_000;

const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest();

/** Sign-in, refresh-token rotation with reuse detection, and bearer-token authentication. */
@Injectable()
export class AuthService {
  private readonly actors = new Map<string, { row: ActorRow | null; at: number }>();
  private readonly verifiedTokens = new Map<string, AccessClaims>();
  // jsonwebtoken first tries a string secret as a PEM public key, which costs more than the
  // whole rest of a request; a ready KeyObject skips that.
  private readonly signingKey: KeyObject;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jwt: JwtService,
    private readonly limiter: RateLimiterService,
    private readonly users: UsersService,
    units: OrgUnitsService,
  ) {
    users.onUserChanged((id) => this.actors.delete(id));
    // A moved subtree changes the unit path of everyone in it; cached paths would scope them to nothing.
    units.onTreeChanged(() => this.actors.clear());
    this.signingKey = createSecretKey(Buffer.from(config.jwtSecret, 'utf8'));
  }

  /** Checks the password; unknown users and wrong passwords get the same answer, in the same time. */
  async login(username: string, password: string, ip: string): Promise<TokenPair & { user: UserView }> {
    const account = `login-account:${username.normalize('NFC').toLowerCase()}`;
    await this.enforce(`login-ip:${ip}`, this.config.loginRateLimitPerIp);
    await this.enforce(account, this.config.loginRateLimitPerAccount);
    const rows = (await this.db.query(
      `SELECT id, password_hash AS "passwordHash", active FROM users WHERE lower(username) = lower($1)`,
      [username],
    )) as { id: string; passwordHash: string; active: boolean }[];
    const found = rows[0];
    const valid = await passwordHasher.verify(found?.passwordHash ?? null, password);
    if (!found || !valid || !found.active) {
      throw new IdentityError(IdentityErrorCode.InvalidCredentials, 'Invalid username or password');
    }
    await this.limiter.reset(account).catch(() => undefined);
    const actor = (await this.loadActor(found.id, true)) as ActorRow;
    const tokens = await this.issue(actor, randomUUID());
    return { ...tokens, user: await this.describe(actor.id) };
  }

  /** Rotates a refresh token. Presenting a token that was already rotated revokes its whole family. */
  async refresh(refreshToken: string): Promise<TokenPair> {
    const rows = (await this.db.query(
      `SELECT id, user_id AS "userId", family_id AS "familyId", used_at AS "usedAt",
              revoked_at AS "revokedAt", expires_at AS "expiresAt"
         FROM refresh_tokens WHERE token_hash = $1`,
      [hashToken(refreshToken)],
    )) as { id: string; userId: string; familyId: string; usedAt: Date | null; revokedAt: Date | null; expiresAt: Date }[];
    const token = rows[0];
    if (!token || token.revokedAt || token.expiresAt.getTime() <= Date.now()) throw invalidToken();
    if (token.usedAt) return this.revokeFamily(token.familyId);
    const claimed = (await this.db.query(
      `UPDATE refresh_tokens SET used_at = now() WHERE id = $1 AND used_at IS NULL AND revoked_at IS NULL RETURNING id`,
      [token.id],
    )) as [unknown[], number];
    // Another request rotated it between our read and this update: that too is reuse.
    if (claimed[0].length === 0) return this.revokeFamily(token.familyId);
    const actor = await this.loadActor(token.userId, true);
    if (!actor?.active) throw invalidToken();
    return this.issue(actor, token.familyId);
  }

  /**
   * Ends a sign-in: revokes the refresh token's whole family, so neither it nor any token
   * rotated from it renews again. An unknown or already revoked token changes nothing.
   */
  async signOut(refreshToken: string): Promise<void> {
    await this.db.query(
      `UPDATE refresh_tokens SET revoked_at = now()
        WHERE revoked_at IS NULL AND family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = $1)`,
      [hashToken(refreshToken)],
    );
  }

  /** When an access token this service issued stops being accepted. */
  accessTokenExpiry(accessToken: string): Date {
    const { exp } = this.jwt.decode<AccessClaims>(accessToken);
    return new Date(exp * 1000);
  }

  /** The actor behind a bearer token, or an InvalidToken error. */
  async authenticate(accessToken: string): Promise<Actor> {
    const claims = await this.verifiedClaims(accessToken);
    const actor = await this.loadActor(claims.sub);
    if (!actor || !actor.active || actor.tokenVersion !== claims.ver) throw invalidToken();
    const { active: _active, tokenVersion: _version, ...rest } = actor;
    return rest;
  }

  /**
   * The claims of a well-signed, unexpired token. A phone sends the same token with every
   * request until it expires, so a token already checked is looked up by its exact text
   * (a changed byte is another key and is checked afresh) instead of verified again.
   */
  private async verifiedClaims(accessToken: string): Promise<AccessClaims> {
    const known = this.verifiedTokens.get(accessToken);
    if (known && known.exp * 1000 > Date.now()) return known;
    this.verifiedTokens.delete(accessToken);
    let claims: AccessClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessClaims>(accessToken, {
        secret: this.signingKey as unknown as string,
        algorithms: ['HS256'],
      });
    } catch {
      throw invalidToken();
    }
    if (typeof claims.sub !== 'string' || typeof claims.ver !== 'number' || typeof claims.exp !== 'number') {
      throw invalidToken();
    }
    if (this.verifiedTokens.size >= VERIFIED_TOKENS_MAX) this.verifiedTokens.clear();
    this.verifiedTokens.set(accessToken, claims);
    return claims;
  }

  /** The signed-in user with roles and unit (GET /me). */
  async describe(userId: string): Promise<UserView & { unit: { id: string; name: string; code: string | null } }> {
    const [row] = (await this.db.query(
      `SELECT u.id, u.username, u.full_name AS "fullName", u.org_unit_id AS "orgUnitId", u.roles, u.active,
              u.created_at AS "createdAt", json_build_object('id', o.id::text, 'name', o.name, 'code', o.code,
              'parentId', o.parent_id::text) AS unit
         FROM users u JOIN org_units o ON o.id = u.org_unit_id WHERE u.id = $1`,
      [userId],
    )) as (UserView & { unit: { id: string; name: string; code: string | null } })[];
    return row;
  }

  private async enforce(bucket: string, limit: number): Promise<void> {
    let decision;
    try {
      decision = await this.limiter.hit(bucket, limit);
    } catch {
      // Without Redis we cannot count attempts; refusing is safer than unlimited guessing.
      throw new IdentityError(IdentityErrorCode.RateLimiterUnavailable, 'Sign-in is temporarily unavailable');
    }
    if (!decision.allowed) {
      throw new IdentityError(
        IdentityErrorCode.TooManyAttempts,
        'Too many sign-in attempts; try again later',
        undefined,
        decision.retryAfterSeconds,
      );
    }
  }

  private async revokeFamily(familyId: string): Promise<never> {
    await this.db.query(`UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL`, [
      familyId,
    ]);
    throw new IdentityError(IdentityErrorCode.RefreshTokenReused, 'refresh token was already used; sign in again');
  }

  private async issue(actor: ActorRow, familyId: string): Promise<TokenPair> {
    const accessToken = await this.jwt.signAsync(
      { sub: actor.id, ver: actor.tokenVersion } satisfies Omit<AccessClaims, 'exp'>,
      { secret: this.signingKey as unknown as string, algorithm: 'HS256', expiresIn: this.config.accessTokenTtlSeconds },
    );
    const refreshToken = `rt_${randomBytes(32).toString('base64url')}`;
    await this.db.query(
      `INSERT INTO refresh_tokens (user_id, family_id, token_hash, expires_at)
       VALUES ($1, $2, $3, now() + make_interval(days => $4))`,
      [actor.id, familyId, hashToken(refreshToken), this.config.refreshTokenTtlDays],
    );
    return { accessToken, refreshToken };
  }

  private async loadActor(userId: string, fresh = false): Promise<ActorRow | null> {
    const cached = this.actors.get(userId);
    if (!fresh && cached && Date.now() - cached.at < ACTOR_CACHE_MS) return cached.row;
    const row = await this.users.actorRecord(userId);
    if (this.actors.size >= ACTOR_CACHE_MAX) this.actors.clear();
    this.actors.set(userId, { row, at: Date.now() });
    return row;
  }
}

function invalidToken(): IdentityError {
  return new IdentityError(IdentityErrorCode.InvalidToken, 'missing, invalid or expired token');
}
