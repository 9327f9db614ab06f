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
 * Accepts only absolute http(s) URLs without credentials, then lower-cases the host, drops
 * the default port, the fragment and tracking parameters (utm_*, fbclid, …).
 */
export function canonicalizeUrl(raw: string): CanonicalUrl {
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
  if (!parsed.hostname || !parsed.hostname.includes('.')) throw new UrlError('url must name a public host');
  // Each setter re-serialises the URL, so only what needs changing is touched (a batch canonicalises 500).
  if (text.includes('#')) parsed.hash = '';
  if (parsed.search) {
    for (const key of [...parsed.searchParams.keys()]) {
      if (key.toLowerCase().startsWith('utm_') || TRACKING_PARAMS.has(key.toLowerCase())) parsed.searchParams.delete(key);
    }
  }
  if (parsed.hostname.endsWith('.')) parsed.hostname = parsed.hostname.slice(0, -1);
  const url = parsed.toString();
  if (url.length > MAX_URL_LENGTH) throw new UrlError(`url must be at most ${MAX_URL_LENGTH} characters`);
  return { url, host: parsed.hostname, platform: platformOfHost(parsed.hostname) };
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
