/** Where people act. `website` is the organisation's own site or any other web page they used. */
export const PLATFORMS = ['facebook', 'zalo', 'tiktok', 'youtube', 'x', 'instagram', 'telegram', 'website', 'other'] as const;
export type Platform = (typeof PLATFORMS)[number];

/** Registered domains of each platform; a host matches a domain exactly or as a subdomain of it. */
const PLATFORM_DOMAINS: Record<Exclude<Platform, 'website' | 'other'>, readonly string[]> = {
  facebook: ['facebook.com', 'fb.com', 'fb.watch', 'fb.me', 'messenger.com'],
  zalo: ['zalo.me', 'zalo.vn'],
  tiktok: ['tiktok.com'],
  youtube: ['youtube.com', 'youtu.be', 'youtube-nocookie.com'],
  x: ['x.com', 'twitter.com', 't.co'],
  instagram: ['instagram.com', 'instagr.am'],
  telegram: ['t.me', 'telegram.me', 'telegram.org', 'telegram.dog'],
};

/**
 * The platform a host belongs to, or null for any other site. Matching is on whole DNS
 * labels, so `facebook.com.evil.example` or `notfacebook.com` are never facebook, and an
 * IDN look-alike arrives here as `xn--…` and matches nothing.
 */
export function platformOfHost(host: string): Platform | null {
  const normalised = host.toLowerCase().replace(/\.$/, '');
  for (const [platform, domains] of Object.entries(PLATFORM_DOMAINS)) {
    if (domains.some((domain) => normalised === domain || normalised.endsWith(`.${domain}`))) {
      return platform as Platform;
    }
  }
  return null;
}
