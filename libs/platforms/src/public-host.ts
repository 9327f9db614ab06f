import ipaddr from 'ipaddr.js';
import { parse as parseDomain } from 'tldts';
import { UrlError } from './canonical-url';

/**
 * The one rule for what a url field may name: a host anyone on the internet could reach.
 * It runs on the host as WHATWG URL parsed it, so every spelling of an address has already
 * become one: `0x7f.1`, `2130706433` and `017700000001` arrive as `127.0.0.1`, IPv6 is
 * compressed and in brackets, IDNs are punycode and names are lower case.
 *
 * Kept apart from canonical-url.ts because the public suffix list is large and the web app
 * bundles that file; the API applies this rule through `@app/platforms` (index.ts).
 */
export function assertPublicHost(host: string): void {
  const problem = host.startsWith('[') ? addressProblem(host.slice(1, -1)) : hostProblem(host);
  if (problem) throw new UrlError(`url must name a public host (${problem})`);
}

/** Why the host is not public, or null when it is. */
export function publicHostProblem(host: string): string | null {
  try {
    assertPublicHost(host);
    return null;
  } catch (error) {
    if (error instanceof UrlError) return error.message;
    throw error;
  }
}

// WHATWG turns every numeric spelling of an IPv4 address into four decimal parts, and a
// host ending in a number that is no address fails to parse, so no name looks like this.
// (Tested first: ipaddr.js's own isValid throws and catches for every name it is given.)
const DOTTED_QUAD = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

function hostProblem(host: string): string | null {
  return DOTTED_QUAD.test(host) ? addressProblem(host) : nameProblem(host);
}

/**
 * Only global unicast addresses are public. IPv4-mapped IPv6 is judged as the IPv4 address
 * it carries; NAT64 (64:ff9b::/96), 6to4, Teredo and the other transition and special
 * ranges are refused whole, since through a translator they reach whatever IPv4 address
 * they embed, private ones included, and no public page is linked by them. IPv6 outside
 * 2000::/3 is not allocated for global unicast at all.
 */
function addressProblem(text: string): string | null {
  if (!ipaddr.isValid(text)) return 'not an IP address';
  let address = ipaddr.parse(text);
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) {
    address = (address as ipaddr.IPv6).toIPv4Address();
  }
  const range = address.range();
  if (range !== 'unicast') return `${address.toString()} is in the ${range} range`;
  // ipaddr.js calls all of ::/8 unicast too (IPv4-compatible ::7f00:1 among it); only
  // 2000::/3 is allocated for global unicast.
  if (address.kind() === 'ipv6' && !address.match(GLOBAL_UNICAST_V6)) return `${address.toString()} is not global unicast`;
  return null;
}

const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3');

/**
 * A name must be registrable under a public suffix of the ICANN list: that refuses
 * `localhost`, `intranet`, `printer.local`, `x.internal`, a bare suffix (`com`, `co.uk`)
 * and names whose labels DNS could not carry. The `.arpa` zone (reverse look-ups and
 * `home.arpa`) never names a public page, though the list has it.
 */
function nameProblem(host: string): string | null {
  if (host.endsWith('.')) return 'a trailing dot';
  if (host.split('.').includes('')) return 'an empty label';
  const name = parseDomain(host, { allowPrivateDomains: false, detectIp: false });
  if (!name.hostname) return 'not a valid DNS name';
  if (!name.domain || !name.isIcann) return `${host} has no registrable public domain`;
  if (name.publicSuffix === 'arpa' || name.publicSuffix?.endsWith('.arpa')) return `${host} is in the .arpa zone`;
  return null;
}
