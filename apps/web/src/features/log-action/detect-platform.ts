import { canonicalizeUrl } from '@app/platforms';

export type DetectedPlatform = ReturnType<typeof canonicalizeUrl>['platform'];

/** The platform the API will record for this URL (its own rules, libs/platforms), or null when not a known one. */
export function detectPlatform(url: string): { platform: DetectedPlatform; valid: boolean } {
  try {
    return { platform: canonicalizeUrl(url).platform, valid: true };
  } catch {
    return { platform: null, valid: false };
  }
}
