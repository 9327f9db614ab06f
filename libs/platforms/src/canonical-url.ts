import { platformOfHost, Platform } from './platforms';

export const MAX_URL_LENGTH = 2048;

/** Why a URL was refused; the message is shown to the user as is. */
export class UrlError extends Error {}

// Parameters that only say who shared a link or how it was reached, never what it names.
const TRACKING_PARAMS = new Set([
  'fbclid',
  'gclid',
  'dclid',
  'msclkid',
  'yclid',
  'mibextid',
  'igshid',
  'igsh',
  'zarsrc',
  'ref',
  'ref_src',
  'ref_url',
  '__tn__',
  '__cft__',
  'rdid',
  '_rdr',
  'mc_cid',
  'mc_eid',
  '_hsenc',
  '_hsmi',
  'share_app_id',
  'is_from_webapp',
  'sender_device',
]);

/** A URL checked and reduced to the form two people would both produce for the same thing. */
export interface CanonicalUrl {
  url: string;
  host: string;
  /** The platform the host belongs to, or null for other sites. */
  platform: Platform | null;
}

/**
 * The form only: accepts absolute http(s) URLs without credentials, then lower-cases the
 * host, drops the default port, the fragment and tracking parameters (utm_*, fbclid, …).
 * Whether the host is public is public-host.ts's rule, which the API applies to every url
 * field through `@app/platforms`; the web app imports this file alone, as a quick hint.
 */
export function canonicalizeUrl(raw: string): CanonicalUrl {
  return canonicalFormOf(parseWebUrl(raw));
}

/** The URL as WHATWG parses it, if it is one a person could share: http(s), no credentials. */
export function parseWebUrl(raw: string): URL {
  const text = raw.trim();
  if (text.length === 0 || text.length > MAX_URL_LENGTH) {
    throw new UrlError(`url must be 1-${MAX_URL_LENGTH} characters`);
  }
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw new UrlError('url must be an absolute http or https URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new UrlError('url must use http or https');
  }
  if (parsed.username || parsed.password) throw new UrlError('url must not contain a user name or password');
  // A quick hint for the web app; the API's whole rule is public-host.ts.
  const host = parsed.hostname;
  if (!host.includes('.') && !host.startsWith('[')) throw new UrlError('url must name a public host');
  return parsed;
}

/**
 * The canonical form of a parsed URL. Its cost is linear in the URL's length: each URL
 * setter re-serialises the whole URL, so the query is rebuilt once (never a delete per
 * parameter, which made a 2,000-character URL of utm_N= parameters quadratic), and only
 * what needs changing is touched.
 */
export function canonicalFormOf(parsed: URL): CanonicalUrl {
  if (parsed.hash || parsed.href.endsWith('#')) parsed.hash = '';
  if (parsed.search) {
    const kept = withoutTracking(parsed.search);
    if (kept !== parsed.search) parsed.search = kept;
  }
  if (parsed.hostname.endsWith('.')) parsed.hostname = parsed.hostname.slice(0, -1);
  const url = parsed.href;
  if (url.length > MAX_URL_LENGTH) throw new UrlError(`url must be at most ${MAX_URL_LENGTH} characters`);
  return { url, host: parsed.hostname, platform: platformOfHost(parsed.hostname) };
}

/**
 * The query (`?a=1&utm_source=x`) without its tracking parameters, the others kept exactly
 * as written, in order; the same text when there is nothing to drop. One pass, one join.
 */
export function withoutTracking(search: string): string {
  const pairs = search.slice(1).split('&');
  const kept = pairs.filter((pair) => !isTracking(parameterName(pair)));
  if (kept.length === pairs.length) return search;
  const query = kept.filter((pair) => pair !== '').join('&');
  return query ? `?${query}` : '';
}

function parameterName(pair: string): string {
  const end = pair.indexOf('=');
  const name = end < 0 ? pair : pair.slice(0, end);
  // Tracking names are ASCII, so only ASCII escapes can spell one; decoding just those never
  // throws (decodeURIComponent would, once per malformed pair: a cost an attacker could multiply).
  return (name.includes('%') ? name.replace(/%([0-7][0-9a-f])/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : name).toLowerCase();
}

function isTracking(name: string): boolean {
  return name.startsWith('utm_') || TRACKING_PARAMS.has(name);
}

/**
 * The platform an action or report is on: the stated one, or the one its URL's host names.
 * A known platform's host naming another platform is a contradiction and is refused.
 */
export function resolvePlatform(stated: Platform | undefined, url: CanonicalUrl | null): Platform {
  const detected = url?.platform ?? null;
  if (stated && detected && stated !== detected) {
    throw new UrlError(`platform "${stated}" contradicts the url, which is on ${detected}`);
  }
  const platform = stated ?? detected;
  if (!platform) throw new UrlError('platform is required when the url is not on a known platform');
  return platform;
}
