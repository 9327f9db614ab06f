// The API's canonicalizeUrl holds every url field to the public-host rule; canonical-url.ts's
// own canonicalizeUrl (the form only) is for the web app, which imports that file directly.
export { canonicalizePublicUrl as canonicalizeUrl } from './public-url';
export { CanonicalUrl, MAX_URL_LENGTH, resolvePlatform, UrlError, withoutTracking, withUrlRefusal } from './canonical-url';
export { assertPublicHost, publicHostProblem } from './public-host';
export { Platform, PLATFORMS, platformOfHost } from './platforms';
export { canonicalPageUrl, CanonicalPage } from './page-url';
