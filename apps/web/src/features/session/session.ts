import type { Schemas } from '../../api-client/client';

export type SignedInUser = Pick<Schemas['UserView'], 'id' | 'username' | 'fullName' | 'roles' | 'orgUnitId'>;

/** A fresh access token and when it expires. */
export interface AccessGrant {
  accessToken: string;
  expiresAt: string;
}

/** The three web-session routes (ADR 012); the refresh token travels only in the HttpOnly cookie. */
export interface SessionTransport {
  signIn(username: string, password: string): Promise<AccessGrant & { user: SignedInUser }>;
  /** A new grant; 'ended' when the API refused the cookie for good (401); throws when the network failed. */
  refresh(): Promise<AccessGrant | 'ended'>;
  signOut(): Promise<void>;
}

export type SessionState =
  | { status: 'signed-out' }
  /** Known user, no valid access token yet (a reload, or offline): entries still queue. */
  | { status: 'resuming'; user: SignedInUser }
  | { status: 'signed-in'; user: SignedInUser; expiresAt: number };

/** Renew this long before expiry, so a request never goes out with a token about to lapse. */
export const RENEW_MARGIN_MS = 60_000;
const USER_KEY = 'lantoa.user';
/** Set when a sign-out could not reach the API: the cookie still renews there until it is revoked. */
const SIGN_OUT_PENDING_KEY = 'lantoa.signOutPending';

/**
 * The session in the page: the access token in memory only, renewed through the refresh cookie
 * shortly before it expires, one renewal at a time — two renewals racing would present the same
 * cookie twice, which the API's reuse detection punishes by revoking the whole family.
 */
export class Session {
  private token: string | null = null;
  private expiresAt = 0;
  private renewal: Promise<string | null> | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private listeners = new Set<(state: SessionState) => void>();
  state: SessionState;

  constructor(
    private readonly transport: SessionTransport,
    private readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> = localStorage,
    private readonly now: () => number = Date.now,
  ) {
    const user = this.storedUser();
    this.state = user ? { status: 'resuming', user } : { status: 'signed-out' };
  }

  subscribe(listener: (state: SessionState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async signIn(username: string, password: string): Promise<SignedInUser> {
    // The old cookie is still in the browser until this sign-in replaces it: revoke it while we can.
    await this.finishSignOut();
    const { user, ...grant } = await this.transport.signIn(username, password);
    const kept: SignedInUser = { id: user.id, username: user.username, fullName: user.fullName, roles: user.roles, orgUnitId: user.orgUnitId };
    // Not a credential: who last used this phone, so a reload offline still shows their queue.
    this.storage.setItem(USER_KEY, JSON.stringify(kept));
    this.accept(grant, kept);
    return kept;
  }

  /** A token valid for at least RENEW_MARGIN_MS, renewing first when needed; null when none can be had now. */
  async accessToken(): Promise<string | null> {
    if (this.state.status === 'signed-out') return null;
    if (this.token && this.expiresAt - this.now() > RENEW_MARGIN_MS) return this.token;
    return this.renew();
  }

  /** Renews with the cookie; concurrent callers share the one renewal under way. */
  renew(): Promise<string | null> {
    this.renewal ??= this.renewOnce().finally(() => (this.renewal = null));
    return this.renewal;
  }

  /** Signs out here and at the API; the offline queue stays (ADR 012), its credentials go. */
  async signOut(): Promise<void> {
    try {
      await this.transport.signOut();
      this.storage.removeItem(SIGN_OUT_PENDING_KEY);
    } catch {
      // Offline: the page forgets the token now; the API revokes the cookie once it can be told.
      this.storage.setItem(SIGN_OUT_PENDING_KEY, '1');
    }
    this.end();
  }

  /** Sends a sign-out that was made offline; call it when the network is back. */
  async finishSignOut(): Promise<void> {
    if (this.state.status !== 'signed-out' || this.storage.getItem(SIGN_OUT_PENDING_KEY) === null) return;
    try {
      await this.transport.signOut();
      this.storage.removeItem(SIGN_OUT_PENDING_KEY);
    } catch {
      // Still offline: tried again on the next reconnect or sign-in.
    }
  }

  private async renewOnce(): Promise<string | null> {
    const user = this.user();
    if (!user) return null;
    let answer: AccessGrant | 'ended';
    try {
      answer = await this.transport.refresh();
    } catch {
      return null; // network down: stay resuming, try again later
    }
    if (answer === 'ended') {
      this.end();
      return null;
    }
    this.accept(answer, user);
    return this.token;
  }

  private accept(grant: AccessGrant, user: SignedInUser): void {
    this.token = grant.accessToken;
    this.expiresAt = Date.parse(grant.expiresAt);
    this.schedule();
    this.emit({ status: 'signed-in', user, expiresAt: this.expiresAt });
  }

  private schedule(): void {
    clearTimeout(this.timer);
    const wait = Math.max(this.expiresAt - this.now() - RENEW_MARGIN_MS, 1_000);
    this.timer = setTimeout(() => void this.renew(), wait);
  }

  private end(): void {
    clearTimeout(this.timer);
    this.token = null;
    this.expiresAt = 0;
    this.storage.removeItem(USER_KEY);
    this.emit({ status: 'signed-out' });
  }

  private user(): SignedInUser | null {
    return this.state.status === 'signed-out' ? null : this.state.user;
  }

  private storedUser(): SignedInUser | null {
    try {
      const raw = this.storage.getItem(USER_KEY);
      return raw ? (JSON.parse(raw) as SignedInUser) : null;
    } catch {
      return null;
    }
  }

  private emit(state: SessionState): void {
    this.state = state;
    for (const listener of this.listeners) listener(state);
  }
}
