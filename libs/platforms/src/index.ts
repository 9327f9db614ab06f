export { canonicalizeUrl, CanonicalUrl, MAX_URL_LENGTH, resolvePlatform, UrlError } from './canonical-url';
export { Platform, PLATFORMS, platformOfHost } from './platforms';
export { canonicalPageUrl, CanonicalPage } from './page-url';
