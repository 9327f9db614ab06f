import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RENEW_MARGIN_MS, Session, type SessionTransport } from './session';

const USER = { id: 'u1', username: 'lan', fullName: 'Nguyễn Thị Lan', roles: ['collaborator' as const], orgUnitId: 'o1' };

function memoryStorage() {
  const map = new Map<string, string>();
  return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), removeItem: (k: string) => void map.delete(k) };
}

/** A transport like the API's: each refresh rotates the cookie; presenting an old one again ends the family. */
function rotatingTransport(now: () => number) {
  let cookie = 0;
  let familyRevoked = false;
  const refreshes: number[] = [];
  const grant = () => ({ accessToken: `t${cookie}`, expiresAt: new Date(now() + 15 * 60_000).toISOString() });
  const transport: SessionTransport = {
    signIn: async () => ({ ...grant(), user: USER }),
    refresh: async () => {
      const presented = cookie;
      refreshes.push(presented);
      await new Promise((r) => setTimeout(r, 10));
      if (familyRevoked || presented !== cookie) {
        familyRevoked = true;
        return 'ended';
      }
      cookie += 1;
      return grant();
    },
    signOut: async () => void (familyRevoked = true),
  };
  return { transport, refreshes, revoke: () => (familyRevoked = true) };
}

describe('Session renewal', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] }));
  afterEach(() => vi.useRealTimers());

  it('renews once for many concurrent callers (single flight), so the cookie is never presented twice', async () => {
    const { transport, refreshes } = rotatingTransport(Date.now);
    const session = new Session(transport, memoryStorage());
    await session.signIn('lan', 'pw');
    vi.setSystemTime(Date.now() + 15 * 60_000 - RENEW_MARGIN_MS + 1); // inside the margin: must renew
    const tokens = Promise.all([session.accessToken(), session.accessToken(), session.accessToken(), session.renew()]);
    await vi.advanceTimersByTimeAsync(20);
    expect(await tokens).toEqual(['t1', 't1', 't1', 't1']);
    expect(refreshes).toEqual([0]);
    expect(session.state.status).toBe('signed-in');
  });

  it('renews by itself shortly before the token expires', async () => {
    const { transport, refreshes } = rotatingTransport(Date.now);
    const session = new Session(transport, memoryStorage());
    await session.signIn('lan', 'pw');
    await vi.advanceTimersByTimeAsync(15 * 60_000 - RENEW_MARGIN_MS + 50);
    expect(refreshes).toEqual([0]);
    expect(await session.accessToken()).toBe('t1');
  });

  it('goes back to signed-out when the renewal is refused for good', async () => {
    const { transport, revoke } = rotatingTransport(Date.now);
    const storage = memoryStorage();
    const session = new Session(transport, storage);
    await session.signIn('lan', 'pw');
    const states: string[] = [];
    session.subscribe((s) => states.push(s.status));
    revoke();
    const token = session.renew();
    await vi.advanceTimersByTimeAsync(20);
    expect(await token).toBeNull();
    expect(states).toEqual(['signed-out']);
    expect(storage.getItem('lantoa.user')).toBeNull();
  });

  it('sends a sign-out made offline once it can, so the cookie stops renewing at the API', async () => {
    const { transport } = rotatingTransport(Date.now);
    const storage = memoryStorage();
    const signOuts: string[] = [];
    let online = false;
    const flaky: SessionTransport = {
      ...transport,
      signOut: async () => {
        if (!online) throw new TypeError('Failed to fetch');
        signOuts.push('sent');
      },
    };
    const session = new Session(flaky, storage);
    await session.signIn('lan', 'pw');
    await session.signOut();
    expect(session.state.status).toBe('signed-out');
    expect(signOuts).toEqual([]);
    await session.finishSignOut(); // still offline
    expect(signOuts).toEqual([]);
    online = true;
    // A reload in between: the pending sign-out is remembered on the phone.
    const reloaded = new Session(flaky, storage);
    await reloaded.finishSignOut();
    await reloaded.finishSignOut();
    expect(signOuts).toEqual(['sent']);
  });

  it('stays resuming when the network is down, and renews once it is back', async () => {
    const { transport } = rotatingTransport(Date.now);
    const storage = memoryStorage();
    await new Session(transport, storage).signIn('lan', 'pw');
    // A reload: the token was in memory only, the user is remembered.
    const failing = { ...transport, refresh: vi.fn().mockRejectedValueOnce(new TypeError('Failed to fetch')).mockImplementation(transport.refresh) };
    const reloaded = new Session(failing, storage);
    expect(reloaded.state.status).toBe('resuming');
    expect(await reloaded.accessToken()).toBeNull();
    expect(reloaded.state.status).toBe('resuming');
    const again = reloaded.accessToken();
    await vi.advanceTimersByTimeAsync(20);
    expect(await again).toBe('t1');
    expect(reloaded.state.status).toBe('signed-in');
  });
});
