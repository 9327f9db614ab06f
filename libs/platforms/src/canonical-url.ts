import { platformOfHost, Platform } from './platforms';

export const MAX_URL_LENGTH = 2048;

/** Why a URL was refused; the message is shown to the user as is. */
export class UrlError extends Error {
  constructor(message: string) {
    // A verdict on input, never a bug, so no stack is captured: that cost more than the
    // check itself, and a batch may refuse 500 URLs.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
  }
}

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
 * as written, in order (empty ones dropped); the same text when there is nothing to drop.
 * One scan: a pair is looked at closer only when its first character could start a
 * tracking name, and a name is copied only when it is short enough to be one.
 */
export function withoutTracking(search: string): string {
  // Null until the first pair is dropped: a clean query costs no copy.
  let kept: string[] | null = null;
  for (let start = 1; start <= search.length; ) {
    let end = search.indexOf('&', start);
    if (end < 0) end = search.length;
    if (end === start || isTrackingPair(search, start, end)) {
      kept ??= start > 1 ? [search.slice(1, start - 1)] : [];
    } else if (kept) {
      kept.push(search.slice(start, end));
    }
    start = end + 1;
  }
  if (!kept) return search;
  return kept.length ? `?${kept.join('&')}` : '';
}

// The first characters of the tracking names (utm_ and the list), as decoded and lower-cased.
const TRACKING_INITIALS = new Set(['u', ...[...TRACKING_PARAMS].map((name) => name[0])]);
// What a pair may start with to be looked at closer: those in either case, or an escape;
// by character code, since this is asked of every pair.
const CANDIDATE_INITIALS = new Uint8Array(128);
for (const c of ['%', ...[...TRACKING_INITIALS].flatMap((i) => [i, i.toUpperCase()])]) CANDIDATE_INITIALS[c.charCodeAt(0)] = 1;
const LONGEST_TRACKING_NAME = Math.max(...[...TRACKING_PARAMS].map((name) => name.length));

function isTrackingPair(search: string, start: number, end: number): boolean {
  if (CANDIDATE_INITIALS[search.charCodeAt(start)] !== 1) return false;
  if (startsWithUtm(search, start, end)) return true;
  const name = shortNameAt(search, start, end);
  return name !== null && (name.startsWith('utm_') || TRACKING_PARAMS.has(name));
}

/** `utm_` in either case at `start`, read in place (most tracking pairs are these). */
function startsWithUtm(search: string, start: number, end: number): boolean {
  return (
    end - start >= 4 &&
    (search.charCodeAt(start) | 0x20) === 0x75 &&
    (search.charCodeAt(start + 1) | 0x20) === 0x74 &&
    (search.charCodeAt(start + 2) | 0x20) === 0x6d &&
    search.charCodeAt(start + 3) === 0x5f
  );
}

/**
 * The name of the pair at `start`, decoded and lower-cased, read no further than one
 * character past the longest tracking name; null as soon as its first character starts
 * none. Tracking names are ASCII, so only ASCII escapes (%00-%7F) are decoded: any other
 * `%` stays itself, and nothing here can throw, however malformed the escapes.
 */
function shortNameAt(search: string, start: number, end: number): string | null {
  let name = '';
  for (let i = start; i < end && search.charCodeAt(i) !== 0x3d && name.length <= LONGEST_TRACKING_NAME; ) {
    let code = search.charCodeAt(i);
    const high = hexValue(search.charCodeAt(i + 1));
    const low = hexValue(search.charCodeAt(i + 2));
    if (code === 0x25 && i + 2 < end && high >= 0 && high < 8 && low >= 0) {
      code = high * 16 + low;
      i += 3;
    } else {
      i += 1;
    }
    name += String.fromCharCode(code >= 0x41 && code <= 0x5a ? code | 0x20 : code);
    if (name.length === 1 && !TRACKING_INITIALS.has(name)) return null;
    if (name === 'utm_') return name; // what follows cannot change the verdict
  }
  return name;
}

function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  const lower = code | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
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

/**
 * Runs a URL check and turns its UrlError into the calling context's own field error, so each
 * context answers a bad URL with its code and field instead of a bare UrlError. Anything else
 * is a bug and propagates.
 */
export function withUrlRefusal<T>(check: () => T, refusal: (error: UrlError) => Error): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof UrlError) throw refusal(error);
    throw error;
  }
}
