import { canonicalizeUrl, resolvePlatform, UrlError } from './canonical-url';
import { platformOfHost } from './platforms';

describe('canonicalizeUrl', () => {
  it.each([
    ['https://WWW.Example.COM/Path?a=1#frag', 'https://www.example.com/Path?a=1'],
    ['https://example.com:443/x', 'https://example.com/x'],
    ['http://example.com:80/x', 'http://example.com/x'],
    ['http://example.com:8080/x', 'http://example.com:8080/x'],
    ['https://example.com/a?utm_source=zalo&utm_medium=x&id=5', 'https://example.com/a?id=5'],
    ['https://www.facebook.com/story.php?story_fbid=1&id=2&fbclid=abc&mibextid=q', 'https://www.facebook.com/story.php?story_fbid=1&id=2'],
    ['https://www.instagram.com/p/xyz/?igshid=abc', 'https://www.instagram.com/p/xyz/'],
    ['  https://example.com/trim  ', 'https://example.com/trim'],
    ['https://example.com./dot', 'https://example.com/dot'],
    ['https://example.com/a#', 'https://example.com/a'],
    ['https://Example.com./a?utm_source=x#y', 'https://example.com/a'],
  ])('%s → %s', (raw, expected) => {
    expect(canonicalizeUrl(raw).url).toBe(expected);
  });

  it.each([
    ['javascript:alert(1)'],
    ['data:text/html,<b>x</b>'],
    ['file:///etc/passwd'],
    ['ftp://example.com/file'],
    ['https://user:pass@example.com/'],
    ['https://user@example.com/'],
    ['not a url'],
    ['/relative/path'],
    ['https://localhost/x'],
    [''],
    [`https://example.com/${'a'.repeat(2048)}`],
  ])('refuses %s', (raw) => {
    expect(() => canonicalizeUrl(raw)).toThrow(UrlError);
  });
});

describe('platformOfHost', () => {
  it.each([
    ['facebook.com', 'facebook'],
    ['m.facebook.com', 'facebook'],
    ['mbasic.facebook.com', 'facebook'],
    ['fb.com', 'facebook'],
    ['fb.watch', 'facebook'],
    ['zalo.me', 'zalo'],
    ['chat.zalo.me', 'zalo'],
    ['vm.tiktok.com', 'tiktok'],
    ['www.tiktok.com', 'tiktok'],
    ['youtu.be', 'youtube'],
    ['m.youtube.com', 'youtube'],
    ['x.com', 'x'],
    ['mobile.twitter.com', 'x'],
    ['instagram.com', 'instagram'],
    ['t.me', 'telegram'],
    ['facebook.com.evil.example', null],
    ['notfacebook.com', null],
    ['facebook.co', null],
    ['xn--facebok-y0a.com', null],
    ['example.com', null],
  ])('%s → %s', (host, platform) => {
    expect(platformOfHost(host)).toBe(platform);
  });

  it('does not take an IDN homograph of facebook.com for facebook', () => {
    // Cyrillic "а" in place of the Latin one.
    expect(canonicalizeUrl('https://f\u0430cebook.com/page').platform).toBeNull();
  });
});

describe('resolvePlatform', () => {
  const fb = canonicalizeUrl('https://m.facebook.com/groups/1');
  const site = canonicalizeUrl('https://baochinhphu.vn/bai-viet');

  it('detects the platform from a known host', () => expect(resolvePlatform(undefined, fb)).toBe('facebook'));
  it('accepts the stated platform that agrees', () => expect(resolvePlatform('facebook', fb)).toBe('facebook'));
  it('refuses a known host contradicting the stated platform', () =>
    expect(() => resolvePlatform('tiktok', fb)).toThrow(/contradicts/));
  it('keeps the stated platform for other hosts', () => expect(resolvePlatform('website', site)).toBe('website'));
  it('needs a platform when nothing says which', () => expect(() => resolvePlatform(undefined, site)).toThrow(/required/));
  it('takes the stated platform without a url', () => expect(resolvePlatform('zalo', null)).toBe('zalo'));
});
