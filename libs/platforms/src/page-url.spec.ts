import { UrlError } from './canonical-url';
import { canonicalPageUrl } from './page-url';

describe('canonicalPageUrl', () => {
  // [reported URL, canonical page URL, platform]
  const table: [string, string, string][] = [
    // facebook: hosts
    ['https://www.facebook.com/trangxau', 'https://facebook.com/trangxau', 'facebook'],
    ['https://m.facebook.com/trangxau', 'https://facebook.com/trangxau', 'facebook'],
    ['https://mbasic.facebook.com/trangxau', 'https://facebook.com/trangxau', 'facebook'],
    ['https://web.facebook.com/trangxau', 'https://facebook.com/trangxau', 'facebook'],
    ['https://touch.facebook.com/trangxau', 'https://facebook.com/trangxau', 'facebook'],
    ['https://fb.com/trangxau', 'https://facebook.com/trangxau', 'facebook'],
    ['http://facebook.com/trangxau', 'https://facebook.com/trangxau', 'facebook'],
    ['https://WWW.FACEBOOK.COM/TrangXau', 'https://facebook.com/trangxau', 'facebook'],
    // facebook: trailing slash, tracking
    ['https://www.facebook.com/trangxau/', 'https://facebook.com/trangxau', 'facebook'],
    ['https://m.facebook.com/trangxau?ref=bookmarks', 'https://facebook.com/trangxau', 'facebook'],
    ['https://www.facebook.com/trangxau?fbclid=IwAR0abc', 'https://facebook.com/trangxau', 'facebook'],
    ['https://www.facebook.com/trangxau?mibextid=ZbWKwL', 'https://facebook.com/trangxau', 'facebook'],
    ['https://www.facebook.com/trangxau?__tn__=%2CO*F', 'https://facebook.com/trangxau', 'facebook'],
    ['https://www.facebook.com/trangxau?__cft__[0]=AZX&__tn__=R', 'https://facebook.com/trangxau', 'facebook'],
    ['https://www.facebook.com/trangxau?rdid=abc&share_url=x', 'https://facebook.com/trangxau', 'facebook'],
    ['https://www.facebook.com/trangxau#posts', 'https://facebook.com/trangxau', 'facebook'],
    // facebook: what names a page is kept
    ['https://www.facebook.com/profile.php?id=100012345678901', 'https://facebook.com/profile.php?id=100012345678901', 'facebook'],
    ['https://m.facebook.com/profile.php?id=100012345678901&ref=content_filter', 'https://facebook.com/profile.php?id=100012345678901', 'facebook'],
    ['https://www.facebook.com/groups/1234567890/', 'https://facebook.com/groups/1234567890', 'facebook'],
    ['https://m.facebook.com/groups/1234567890?ref=share', 'https://facebook.com/groups/1234567890', 'facebook'],
    ['https://www.facebook.com/groups/1234567890/posts/987654321/', 'https://facebook.com/groups/1234567890/posts/987654321', 'facebook'],
    ['https://www.facebook.com/pages/Tin-Gia/123456789', 'https://facebook.com/pages/tin-gia/123456789', 'facebook'],
    [
      'https://www.facebook.com/permalink.php?story_fbid=pfbid02abc&id=100064&__cft__[0]=x',
      'https://facebook.com/permalink.php?story_fbid=pfbid02abc&id=100064',
      'facebook',
    ],
    ['https://m.facebook.com/story.php?story_fbid=555&id=100064&mibextid=q', 'https://facebook.com/story.php?story_fbid=555&id=100064', 'facebook'],
    ['https://www.facebook.com/watch/?v=1234567890&ref=sharing', 'https://facebook.com/watch?v=1234567890', 'facebook'],
    ['https://fb.watch/aBcD12/', 'https://fb.watch/abcd12', 'facebook'],
    // tiktok
    ['https://www.tiktok.com/@TinGia', 'https://tiktok.com/@tingia', 'tiktok'],
    ['https://tiktok.com/@tingia/', 'https://tiktok.com/@tingia', 'tiktok'],
    ['https://m.tiktok.com/@tingia?lang=vi', 'https://tiktok.com/@tingia', 'tiktok'],
    ['https://www.tiktok.com/@tingia/video/7234567890123456789?is_from_webapp=1&sender_device=pc', 'https://tiktok.com/@tingia/video/7234567890123456789', 'tiktok'],
    ['https://www.tiktok.com/@TinGia/video/7234567890123456789?_r=1&_t=8abc', 'https://tiktok.com/@tingia/video/7234567890123456789', 'tiktok'],
    ['https://vm.tiktok.com/ZSabc123/', 'https://vm.tiktok.com/ZSabc123', 'tiktok'],
    ['https://vt.tiktok.com/ZSxyz789', 'https://vt.tiktok.com/ZSxyz789', 'tiktok'],
    // youtube
    ['https://www.youtube.com/@KenhXau', 'https://youtube.com/@kenhxau', 'youtube'],
    ['https://m.youtube.com/@kenhxau/videos', 'https://youtube.com/@kenhxau', 'youtube'],
    ['https://www.youtube.com/channel/UCabcDEF123', 'https://youtube.com/channel/UCabcDEF123', 'youtube'],
    ['https://www.youtube.com/channel/UCabcDEF123/featured', 'https://youtube.com/channel/UCabcDEF123', 'youtube'],
    ['https://www.youtube.com/c/KenhXau', 'https://youtube.com/c/KenhXau', 'youtube'],
    ['https://www.youtube.com/watch?v=dQw4w9WgXcQ', 'https://youtube.com/watch?v=dQw4w9WgXcQ', 'youtube'],
    ['https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s&si=abc&feature=share', 'https://youtube.com/watch?v=dQw4w9WgXcQ', 'youtube'],
    ['https://m.youtube.com/watch?v=dQw4w9WgXcQ&list=PL1', 'https://youtube.com/watch?v=dQw4w9WgXcQ', 'youtube'],
    ['https://youtu.be/dQw4w9WgXcQ', 'https://youtube.com/watch?v=dQw4w9WgXcQ', 'youtube'],
    ['https://youtu.be/dQw4w9WgXcQ?si=xyz&t=10', 'https://youtube.com/watch?v=dQw4w9WgXcQ', 'youtube'],
    ['https://www.youtube.com/shorts/AbCdEfGhIjK', 'https://youtube.com/watch?v=AbCdEfGhIjK', 'youtube'],
    ['https://youtube.com/shorts/AbCdEfGhIjK?feature=share', 'https://youtube.com/watch?v=AbCdEfGhIjK', 'youtube'],
    // zalo
    ['https://zalo.me/0912345678', 'https://zalo.me/0912345678', 'zalo'],
    ['https://zalo.me/g/abcxyz/', 'https://zalo.me/g/abcxyz', 'zalo'],
    ['http://zalo.me/g/abcxyz?zarsrc=30', 'https://zalo.me/g/abcxyz', 'zalo'],
    ['https://chat.zalo.me/g/abcxyz', 'https://zalo.me/g/abcxyz', 'zalo'],
    // x / twitter
    ['https://twitter.com/TaiKhoanXau', 'https://x.com/taikhoanxau', 'x'],
    ['https://x.com/taikhoanxau/', 'https://x.com/taikhoanxau', 'x'],
    ['https://mobile.twitter.com/TaiKhoanXau', 'https://x.com/taikhoanxau', 'x'],
    ['https://www.twitter.com/taikhoanxau?lang=vi', 'https://x.com/taikhoanxau', 'x'],
    ['https://twitter.com/TaiKhoanXau/status/1712345678901234567?s=20&t=abc', 'https://x.com/taikhoanxau/status/1712345678901234567', 'x'],
    ['https://mobile.x.com/taikhoanxau/status/1712345678901234567', 'https://x.com/taikhoanxau/status/1712345678901234567', 'x'],
    // instagram
    ['https://www.instagram.com/TaiKhoanXau/', 'https://instagram.com/taikhoanxau', 'instagram'],
    ['https://instagram.com/taikhoanxau?igshid=MzRlODBiNWFlZA==', 'https://instagram.com/taikhoanxau', 'instagram'],
    ['https://www.instagram.com/p/CxYz123AbC/?igsh=abc', 'https://instagram.com/p/CxYz123AbC', 'instagram'],
    ['https://www.instagram.com/reel/CxYz123AbC/', 'https://instagram.com/reel/CxYz123AbC', 'instagram'],
    ['https://instagr.am/p/CxYz123AbC', 'https://instagram.com/p/CxYz123AbC', 'instagram'],
    // telegram
    ['https://t.me/KenhTinGia', 'https://t.me/kenhtingia', 'telegram'],
    ['https://t.me/s/KenhTinGia', 'https://t.me/kenhtingia', 'telegram'],
    ['https://telegram.me/kenhtingia/', 'https://t.me/kenhtingia', 'telegram'],
    ['https://t.me/kenhtingia/1234', 'https://t.me/kenhtingia/1234', 'telegram'],
    ['https://t.me/joinchat/AbCdEf123', 'https://t.me/joinchat/AbCdEf123', 'telegram'],
    ['https://t.me/+AbCdEf123', 'https://t.me/+AbCdEf123', 'telegram'],
    // other sites: lower-case host, no utm_*, no default port, no fragment; path kept
    ['https://Tin-Gia.Example.VN/bai-viet/123?utm_source=fb&utm_medium=social', 'https://tin-gia.example.vn/bai-viet/123', 'other'],
    ['http://tin-gia.example.vn:80/bai-viet/123#comments', 'http://tin-gia.example.vn/bai-viet/123', 'other'],
    ['https://tin-gia.example.vn:443/a?id=5&utm_campaign=x', 'https://tin-gia.example.vn/a?id=5', 'other'],
    ['https://tin-gia.example.vn:8443/a', 'https://tin-gia.example.vn:8443/a', 'other'],
    // look-alikes are their own sites
    ['https://facebook.com.evil.vn/trangxau', 'https://facebook.com.evil.vn/trangxau', 'other'],
    ['https://www.faceb00k.com/trangxau', 'https://www.faceb00k.com/trangxau', 'other'],
    ['https://f\u0430cebook.com/trangxau', 'https://xn--fcebook-2fg.com/trangxau', 'other'],
    ['https://facebook-login.vn/verify', 'https://facebook-login.vn/verify', 'other'],
    ['https://tiktok.com.vn/@x', 'https://tiktok.com.vn/@x', 'other'],
  ];

  it('covers at least 60 real-world shapes', () => expect(table.length).toBeGreaterThanOrEqual(60));

  it.each(table)('%s → %s (%s)', (raw, url, platform) => {
    expect(canonicalPageUrl(raw)).toEqual({ url, platform });
  });

  it('maps the SPEC example variants to one page', () => {
    const variants = ['https://m.facebook.com/x?ref=abc', 'https://facebook.com/x/', 'https://fb.com/x'];
    expect(new Set(variants.map((v) => canonicalPageUrl(v).url))).toEqual(new Set(['https://facebook.com/x']));
  });

  it.each([
    ['https://user:pass@facebook.com/x'],
    ['https://user@example.com/'],
    ['javascript:alert(1)'],
    ['data:text/html;base64,PHNjcmlwdD4='],
    ['file:///etc/passwd'],
    ['ftp://example.com/x'],
    ['facebook.com/x'],
  ])('refuses %s', (raw) => {
    expect(() => canonicalPageUrl(raw)).toThrow(UrlError);
  });
});
