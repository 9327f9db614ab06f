import { publicHostProblem } from '@app/platforms';

/**
 * Why a push endpoint is refused, or null when it is acceptable. Push services are reached
 * over https only, on a public host (the worker POSTs to it: never to 10.x, 169.254.x or an
 * internal name, the url fields' one public-host rule); plain http is allowed for a loopback
 * address alone and only when `allowLoopbackHttp` (NODE_ENV=test), so that tests can run a
 * push service on 127.0.0.1.
 */
export function pushEndpointProblem(endpoint: string, allowLoopbackHttp: boolean): string | null {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return 'endpoint must be an https URL';
  }
  if (url.username || url.password) return 'endpoint must not carry a user name or password';
  if (url.protocol === 'https:') {
    const problem = publicHostProblem(url.hostname);
    return problem ? problem.replace(/^url /, 'endpoint ') : null;
  }
  if (url.protocol === 'http:' && allowLoopbackHttp && isLoopback(url.hostname)) return null;
  return 'endpoint must be an https URL';
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}
