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
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { UsersRepository, UserWithUnitRow } from './users.repository';
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
    private readonly usersRepository: UsersRepository,
    private readonly refreshTokens: RefreshTokensRepository,
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
    const found = await this.usersRepository.findCredentials(username);
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
    const token = await this.refreshTokens.findByHash(hashToken(refreshToken));
    if (!token || token.revokedAt || token.expiresAt.getTime() <= Date.now()) throw invalidToken();
    if (token.usedAt) return this.revokeFamily(token.familyId);
    const claimed = await this.refreshTokens.claimUnused(this.db.manager, token.id);
    // Another request rotated it between our read and this update: that too is reuse.
    if (!claimed) return this.revokeFamily(token.familyId);
    const actor = await this.loadActor(token.userId, true);
    if (!actor?.active) throw invalidToken();
    return this.issue(actor, token.familyId);
  }

  /**
   * Ends a sign-in: revokes the refresh token's whole family, so neither it nor any token
   * rotated from it renews again. An unknown or already revoked token changes nothing.
   */
  async signOut(refreshToken: string): Promise<void> {
    await this.refreshTokens.revokeFamilyOfHash(this.db.manager, hashToken(refreshToken));
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
  describe(userId: string): Promise<UserWithUnitRow> {
    return this.usersRepository.findWithUnit(userId);
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
        { retryAfterSeconds: decision.retryAfterSeconds },
      );
    }
  }

  private async revokeFamily(familyId: string): Promise<never> {
    await this.refreshTokens.revokeFamily(this.db.manager, familyId);
    throw new IdentityError(IdentityErrorCode.RefreshTokenReused, 'refresh token was already used; sign in again');
  }

  private async issue(actor: ActorRow, familyId: string): Promise<TokenPair> {
    const accessToken = await this.jwt.signAsync(
      { sub: actor.id, ver: actor.tokenVersion } satisfies Omit<AccessClaims, 'exp'>,
      { secret: this.signingKey as unknown as string, algorithm: 'HS256', expiresIn: this.config.accessTokenTtlSeconds },
    );
    const refreshToken = `rt_${randomBytes(32).toString('base64url')}`;
    await this.refreshTokens.insert(this.db.manager, {
      userId: actor.id,
      familyId,
      tokenHash: hashToken(refreshToken),
      ttlDays: this.config.refreshTokenTtlDays,
    });
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
