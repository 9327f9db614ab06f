import { canonicalizeUrl as canonicalFormOnly, UrlError, withoutTracking } from './canonical-url';
import { canonicalizeUrl, canonicalPageUrl } from './index';
import { publicHostProblem } from './public-host';

/** The host rule sees what WHATWG URL parsed, so the table goes through the whole URL. */
const refused = (url: string) => expect(() => canonicalizeUrl(url)).toThrow(UrlError);

describe('the public-host rule, on every spelling of a host', () => {
  it.each([
    // IPv4 loopback, every spelling WHATWG folds into 127.0.0.1
    ['dotted loopback', 'http://127.0.0.1/'],
    ['loopback elsewhere in 127/8', 'http://127.1.2.3/'],
    ['hex and short', 'http://0x7f.1/'],
    ['decimal', 'http://2130706433/'],
    ['octal', 'http://017700000001/'],
    ['octal parts', 'http://0177.0.0.01/'],
    ['hex parts', 'http://0x7f.0x0.0x0.0x1/'],
    ['two parts', 'http://127.1/'],
    ['with a trailing dot', 'http://127.0.0.1./'],
    ['fullwidth digits', 'http://１２７.０.０.１/'],
    ['percent-encoded', 'http://%31%32%37.0.0.1/'],
    ['with a port', 'http://127.0.0.1:8080/'],
    // other IPv4 ranges
    ['unspecified', 'http://0.0.0.0/'],
    ['unspecified, one number', 'http://0/'],
    ['RFC 1918 10/8', 'http://10.0.0.1/'],
    ['RFC 1918 172.16/12', 'http://172.16.5.4/'],
    ['RFC 1918 172.31', 'http://172.31.255.255/'],
    ['RFC 1918 192.168/16', 'http://192.168.1.1/'],
    ['RFC 1918 in hex', 'http://0xc0a80101/'],
    ['link-local (cloud metadata)', 'http://169.254.169.254/latest/meta-data/'],
    ['link-local in decimal', 'http://2852039166/'],
    ['CGNAT', 'http://100.64.0.1/'],
    ['CGNAT top', 'http://100.127.255.254/'],
    ['multicast', 'http://224.0.0.1/'],
    ['broadcast', 'http://255.255.255.255/'],
    ['reserved 240/4', 'http://240.0.0.1/'],
    ['documentation TEST-NET-1', 'http://192.0.2.1/'],
    ['benchmarking', 'http://198.18.0.1/'],
    // IPv6
    ['IPv6 loopback', 'http://[::1]/'],
    ['IPv6 loopback, long form', 'http://[0:0:0:0:0:0:0:1]/'],
    ['IPv6 unspecified', 'http://[::]/'],
    ['IPv4-mapped loopback', 'http://[::ffff:127.0.0.1]/'],
    ['IPv4-mapped loopback in hex', 'http://[::ffff:7f00:1]/'],
    ['IPv4-mapped RFC 1918', 'http://[::ffff:10.0.0.1]/'],
    ['IPv4-mapped metadata', 'http://[::ffff:169.254.169.254]/'],
    ['IPv4-mapped unspecified', 'http://[::ffff:0.0.0.0]/'],
    ['link-local', 'http://[fe80::]/'],
    ['link-local with a zone', 'http://[fe80::1%25eth0]/'],
    ['unique-local fc00', 'http://[fc00::]/'],
    ['unique-local fd00', 'http://[fd00::1]/'],
    ['site-local (deprecated)', 'http://[fec0::1]/'],
    ['multicast', 'http://[ff02::1]/'],
    ['NAT64 of loopback', 'http://[64:ff9b::7f00:1]/'],
    ['NAT64 of a public address', 'http://[64:ff9b::808:808]/'],
    ['6to4 of loopback', 'http://[2002:7f00:1::]/'],
    ['Teredo', 'http://[2001::1]/'],
    ['documentation 2001:db8', 'http://[2001:db8::1]/'],
    ['IPv4-compatible (deprecated)', 'http://[::127.0.0.1]/'],
    // names
    ['localhost', 'http://localhost/'],
    ['localhost with a trailing dot', 'http://localhost./'],
    ['a name under localhost', 'http://api.localhost/'],
    ['a trailing dot', 'https://example.com./'],
    ['a trailing dot on a platform', 'https://www.facebook.com./x'],
    ['an empty first label', 'https://.com/'],
    ['an empty middle label', 'https://a..b.com/'],
    ['two trailing dots', 'https://example.com../'],
    ['a bare public suffix', 'https://com./'],
    ['a bare two-label suffix', 'https://co.uk/'],
    ['a bare Vietnamese suffix', 'https://com.vn/'],
    ['an mDNS name', 'http://printer.local/'],
    ['an .internal name', 'http://metadata.google.internal/'],
    ['a made-up TLD', 'http://intranet.corp/'],
    ['a .lan name', 'http://router.lan/'],
    ['the home.arpa zone', 'http://nas.home.arpa/'],
    ['a reverse-lookup name', 'http://1.0.0.127.in-addr.arpa/'],
    ['the .test TLD', 'http://site.test/'],
    ['the .invalid TLD', 'http://site.invalid/'],
    ['the .example TLD', 'http://site.example/'],
    ['a label longer than 63', `https://${'a'.repeat(64)}.com/`],
  ])('refuses %s: %s', (_what, url) => refused(url));

  it.each([
    ['https://facebook.com/x', 'facebook.com'],
    ['https://m.facebook.com/story.php?story_fbid=1&id=2', 'm.facebook.com'],
    ['https://zalo.me/g/abc', 'zalo.me'],
    ['https://www.tiktok.com/@a/video/1', 'www.tiktok.com'],
    ['https://vnexpress.net/tin-1.html', 'vnexpress.net'],
    ['https://baochinhphu.vn/bai-viet', 'baochinhphu.vn'],
    ['https://thanhnien.com.vn/x', 'thanhnien.com.vn'],
    ['https://a.b.co.uk/x', 'a.b.co.uk'],
    ['https://example.com/x', 'example.com'],
    ['https://xn--fiqs8s.xn--fiqz9s/', 'xn--fiqs8s.xn--fiqz9s'],
    ['https://báo.vn/x', 'xn--bo-mia.vn'],
    ['https://中国.中国/', 'xn--fiqs8s.xn--fiqs8s'],
    ['https://user.github.io/page', 'user.github.io'],
    ['https://foo_bar.example.com/', 'foo_bar.example.com'],
    ['https://WWW.VnExpress.NET/', 'www.vnexpress.net'],
    ['http://8.8.8.8/', '8.8.8.8'],
    ['http://134744072/', '8.8.8.8'],
    ['http://[2606:4700:4700::1111]/', '[2606:4700:4700::1111]'],
    ['http://[::ffff:8.8.8.8]/', '[::ffff:808:808]'],
    ['https://172.32.0.1/', '172.32.0.1'],
    ['https://100.128.0.1/', '100.128.0.1'],
  ])('accepts %s (host %s)', (url, host) => {
    expect(canonicalizeUrl(url).host).toBe(host);
  });

  it('names the reason in the message', () => {
    expect(() => canonicalizeUrl('http://0x7f.1/')).toThrow('url must name a public host (127.0.0.1 is in the loopback range)');
    expect(() => canonicalizeUrl('https://a..b.com/')).toThrow('url must name a public host (an empty label)');
    expect(publicHostProblem('example.com')).toBeNull();
    expect(publicHostProblem('intranet')).toMatch(/no registrable public domain/);
  });

  it('holds a reported page to the same rule', () => {
    expect(() => canonicalPageUrl('http://[::ffff:127.0.0.1]/')).toThrow(UrlError);
    expect(() => canonicalPageUrl('https://m.facebook.com./x')).toThrow(/trailing dot/);
    expect(canonicalPageUrl('https://m.facebook.com/x/').url).toBe('https://facebook.com/x');
  });

  it('leaves the form-only rule (the web app’s hint) without the suffix list', () => {
    expect(canonicalFormOnly('https://printer.local/x').url).toBe('https://printer.local/x');
  });
});

describe('tracking parameters, removed in one pass', () => {
  const many = (n: number, prefix = 'utm_') => Array.from({ length: n }, (_, i) => `${prefix}${i}=v${i}`).join('&');

  it('drops hundreds of utm_N parameters and keeps the others in order, as written', () => {
    const url = `https://example.com/a?keep=1&${many(150)}&q=a%20b+c&z=%E1%BA%A1`;
    expect(url.length).toBeLessThan(2048);
    expect(canonicalizeUrl(url).url).toBe('https://example.com/a?keep=1&q=a%20b+c&z=%E1%BA%A1');
  });

  it('drops every parameter of a query made only of tracking ones', () => {
    expect(canonicalizeUrl(`https://example.com/a?${many(150)}`).url).toBe('https://example.com/a');
  });

  it('keeps hundreds of ordinary parameters untouched', () => {
    const query = `?${many(200, 'p')}`;
    expect(canonicalizeUrl(`https://example.com/a${query}`).url).toBe(`https://example.com/a${query}`);
  });

  it.each([
    ['?a=1', '?a=1'],
    ['?UTM_Source=x&a=1', '?a=1'],
    ['?utm%5Fsource=x&a=1', '?a=1'],
    ['?fbclid&a=1', '?a=1'],
    ['?a=1&&fbclid=2', '?a=1'],
    ['?%zz=1&utm_x=2', '?%zz=1'],
    ['?ref=x', ''],
    ['?a=1&&b=2&', '?a=1&b=2'],
    ['?&', ''],
    ['?%C3%28=1&%=2&utm_a=3', '?%C3%28=1&%=2'],
    ['?utm_%C3%A1=1&b=2', '?b=2'],
    ['?%66bclid=1&b=2', '?b=2'],
    ['?a+b=1&utm_x=2', '?a+b=1'],
    ['?%55TM_x=1&a=1', '?a=1'],
    ['?%46BCLID=1&a=1', '?a=1'],
    ['?FBCLID=1&a=1', '?a=1'],
    ['?fbclidx=1&utm_a=1', '?fbclidx=1'],
    ['?ref%=1&utm_a=1', '?ref%=1'],
    ['?utm=1&utm_a=1', '?utm=1'],
    ['?is_from_webapp=1&sender_device=pc&a=1', '?a=1'],
    [`?${'fbclid'.repeat(5)}=1&utm_a=1`, `?${'fbclid'.repeat(5)}=1`],
  ])('%s → %s', (search, expected) => expect(withoutTracking(search)).toBe(expected));

  it('rebuilds the query once, whatever the number of parameters', () => {
    // The old loop deleted one parameter at a time; each delete re-serialised the whole URL.
    const deletes = jest.spyOn(URLSearchParams.prototype, 'delete');
    const setSearch = jest.spyOn(URL.prototype, 'search', 'set');
    canonicalizeUrl(`https://example.com/a?${many(150)}&keep=1`);
    expect(deletes).not.toHaveBeenCalled();
    expect(setSearch).toHaveBeenCalledTimes(1);
    deletes.mockRestore();
    setSearch.mockRestore();
  });
});
