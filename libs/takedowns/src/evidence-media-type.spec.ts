import { extensionOf, sniffMediaType } from './evidence-media-type';

// A valid 2 × 2 greyscale PNG (checked with `file`: "PNG image data, 2 x 2").
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAAAAABX3VL4AAAADklEQVR4nGNgZ2dgZwcAAFoAHV06avcAAAAASUVORK5CYII=',
  'base64',
);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0', 'latin1')]);
const PDF = Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n', 'latin1');

describe('sniffMediaType', () => {
  it.each<[string, Buffer, string]>([
    ['a PNG', PNG, 'image/png'],
    ['a JPEG', JPEG, 'image/jpeg'],
    ['a PDF', PDF, 'application/pdf'],
  ])('recognises %s by its first bytes', (_case, content, type) => {
    expect(sniffMediaType(content)).toBe(type);
  });

  it.each<[string, Buffer]>([
    ['an empty file', Buffer.alloc(0)],
    ['plain text (whatever it is named)', Buffer.from('this is not an image, only named proof.png')],
    ['HTML', Buffer.from('<!doctype html><script>alert(1)</script>')],
    ['SVG', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')],
    ['a GIF', Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1')],
    ['a ZIP (a DOCX, say)', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00])],
    ['the PNG signature alone', PNG.subarray(0, 8)],
    ['the PNG signature glued to text', Buffer.concat([PNG.subarray(0, 8), Buffer.from('x'.repeat(40))])],
    ['half a JPEG marker', Buffer.from([0xff, 0xd8])],
    ['a PDF marker not at the start', Buffer.from(' %PDF-1.7')],
    ['a UTF-8 byte-order mark before a PDF marker', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), PDF])],
  ])('refuses %s', (_case, content) => {
    expect(sniffMediaType(content)).toBeNull();
  });
});

describe('extensionOf', () => {
  it('names downloads by the stored type', () => {
    expect(extensionOf('image/png')).toBe('png');
    expect(extensionOf('image/jpeg')).toBe('jpg');
    expect(extensionOf('application/pdf')).toBe('pdf');
  });
});
