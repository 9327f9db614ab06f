import { MAX_URL_LENGTH, UrlError } from './canonical-url';
import { canonicalizePublicUrl } from './public-url';
import { Platform } from './platforms';

/** The one URL every report of the same page maps to, and the platform it is on. */
export interface CanonicalPage {
  url: string;
  platform: Platform;
}

type PageRule = (url: URL) => string;

// Facebook keeps only the query parameters that name something, per script.
const FACEBOOK_QUERY: Record<string, readonly string[]> = {
  '/profile.php': ['id'],
  '/permalink.php': ['story_fbid', 'id'],
  '/story.php': ['story_fbid', 'id'],
  '/photo.php': ['fbid'],
  '/photo': ['fbid'],
  '/watch': ['v'],
  '/watch/': ['v'],
};

const RULES: Partial<Record<Platform, PageRule>> = {
  facebook: (url) => {
    const host = url.hostname === 'fb.watch' || url.hostname === 'fb.me' ? url.hostname : 'facebook.com';
    const path = trimSlash(url.pathname.toLowerCase());
    return build(host, path, keepOnly(url, FACEBOOK_QUERY[path] ?? []));
  },
  tiktok: (url) => {
    // vm./vt. are share short links: without following them they stay their own page.
    const short = /^(vm|vt)\.tiktok\.com$/.test(url.hostname);
    const path = trimSlash(url.pathname).replace(/^\/@([^/]+)/, (_, handle: string) => `/@${handle.toLowerCase()}`);
    return build(short ? url.hostname : 'tiktok.com', path);
  },
  youtube: (url) => {
    if (url.hostname === 'youtu.be') return build('youtube.com', '/watch', [['v', url.pathname.slice(1).split('/')[0]]]);
    const path = trimSlash(url.pathname);
    const short = /^\/(shorts|live)\/([^/]+)$/.exec(path);
    if (short) return build('youtube.com', '/watch', [['v', short[2]]]);
    if (path === '/watch') return build('youtube.com', '/watch', keepOnly(url, ['v']));
    const handle = /^\/@([^/]+)(.*)$/.exec(path);
    if (handle) return build('youtube.com', `/@${handle[1].toLowerCase()}`);
    const channel = /^\/(channel|c|user)\/([^/]+)/.exec(path);
    if (channel) return build('youtube.com', `/${channel[1]}/${channel[2]}`);
    return build('youtube.com', path);
  },
  zalo: (url) => build('zalo.me', trimSlash(url.pathname)),
  x: (url) => {
    if (url.hostname === 't.co') return build('t.co', trimSlash(url.pathname));
    const path = trimSlash(url.pathname).replace(/^\/([^/]+)/, (_, handle: string) => `/${handle.toLowerCase()}`);
    return build('x.com', path);
  },
  instagram: (url) => {
    const path = trimSlash(url.pathname);
    // Post, reel and story codes are case-sensitive; account names are not.
    const lowered = /^\/(p|reel|reels|tv|stories|explore)\//.test(path) ? path : path.toLowerCase();
    return build('instagram.com', lowered);
  },
  telegram: (url) => {
    let path = trimSlash(url.pathname).replace(/^\/s\//, '/');
    if (!/^\/(joinchat\/|\+)/.test(path)) path = path.replace(/^\/([^/]+)/, (_, name: string) => `/${name.toLowerCase()}`);
    return build('t.me', path);
  },
};

/**
 * Reduces a reported URL to the one form all reports of the same page share:
 * `m.facebook.com/x?ref=…`, `facebook.com/x/` and `fb.com/x` are one page. Known
 * platforms get their own rules (https, one host, only the parameters that name
 * something); other sites keep their path and lose tracking parameters and fragments.
 * Look-alike hosts are never taken for the platform they imitate.
 */
export function canonicalPageUrl(raw: string): CanonicalPage {
  const generic = canonicalizePublicUrl(raw);
  if (!generic.platform) return { url: generic.url, platform: 'other' };
  const rule = RULES[generic.platform];
  if (!rule) return { url: generic.url, platform: generic.platform };
  const url = rule(new URL(generic.url));
  if (url.length > MAX_URL_LENGTH) throw new UrlError(`url must be at most ${MAX_URL_LENGTH} characters`);
  return { url, platform: generic.platform };
}

/** The path without trailing slashes; by hand, since /\/+$/ retries from every slash of a long run. */
function trimSlash(path: string): string {
  let end = path.length;
  while (end > 0 && path.charCodeAt(end - 1) === 0x2f) end--;
  return path.slice(0, end);
}

function keepOnly(url: URL, names: readonly string[]): [string, string][] {
  return names.flatMap((name) => {
    const value = url.searchParams.get(name);
    return value === null || value === '' ? [] : [[name, value] as [string, string]];
  });
}

function build(host: string, path: string, query: [string, string][] = []): string {
  const search = query.length ? `?${new URLSearchParams(query).toString()}` : '';
  return `https://${host}${path}${search}`;
}
