import createClient from 'openapi-fetch';
import { API_BASE, ApiCallError, must } from '../../api-client/client';
import type { paths } from '../../api-client/schema';
import type { AccessGrant, SessionTransport } from './session';

// A header cross-site forms cannot set: the API refuses refresh and sign-out without it (ADR 012).
const CSRF = { header: { 'x-requested-with': 'lantoa-web' } };

/** The web-session routes over openapi-fetch; the refresh cookie is sent by the browser itself. */
export function webSessionTransport(fetchImpl: typeof fetch = (...a) => fetch(...a)): SessionTransport {
  const api = createClient<paths>({ baseUrl: API_BASE, fetch: fetchImpl, credentials: 'same-origin' });
  return {
    async signIn(username, password) {
      return must(await api.POST('/api/v1/auth/web/sign-in', { body: { username, password } }));
    },
    refresh(): Promise<AccessGrant | 'ended'> {
      return oneTabAtATime(async () => {
        const answer = await api.POST('/api/v1/auth/web/refresh', { params: CSRF });
        if (answer.response.status === 401) return 'ended';
        if (!answer.response.ok) throw new ApiCallError(answer.response.status, undefined);
        return must(answer);
      });
    },
    async signOut() {
      const answer = await api.POST('/api/v1/auth/web/sign-out', { params: CSRF });
      // 204, or 401 with no cookie left: either way nothing renews any more. Anything else did not get through.
      if (answer.response.status >= 500) throw new ApiCallError(answer.response.status, undefined);
    },
  };
}

/**
 * The Session's single flight covers one page; two tabs resuming at once (a phone restoring its
 * tabs) would still present the same cookie twice and the API would revoke the family. A Web
 * Lock makes the second tab wait and then send the cookie the first one was given.
 */
function oneTabAtATime<T>(renew: () => Promise<T>): Promise<T> {
  if (typeof navigator === 'undefined' || !navigator.locks) return renew();
  return navigator.locks.request('lantoa-refresh', renew) as Promise<T>;
}
