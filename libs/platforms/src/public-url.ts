import { canonicalFormOf, CanonicalUrl, parseWebUrl } from './canonical-url';
import { assertPublicHost } from './public-host';

/**
 * What every url field of the API goes through: the URL parsed once, its host held to the
 * public-host rule as parsed (before the form strips anything), then reduced to its
 * canonical form. `@app/platforms` exports this as `canonicalizeUrl`.
 */
export function canonicalizePublicUrl(raw: string): CanonicalUrl {
  const parsed = parseWebUrl(raw);
  assertPublicHost(parsed.hostname);
  return canonicalFormOf(parsed);
}
