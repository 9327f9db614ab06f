import { firstHttpUrl } from '../../lib/format';

/** The route the manifest's share_target opens (vite.config.ts names it too). */
export const SHARE_TARGET_PATH = '/share';

/**
 * The link shared to /share, the manifest's share target. Facebook and Zalo put it in `text`
 * (often after a sentence) rather than in `url`, so the first http(s) word of any field counts.
 */
export function sharedLinkOf(params: URLSearchParams): string | null {
  return firstHttpUrl(params.get('url'), params.get('text'), params.get('title'));
}
