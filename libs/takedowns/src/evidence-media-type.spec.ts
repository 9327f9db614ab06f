import { deflateSync } from 'node:zlib';
import {
  baselineJpeg,
  jpegHeader,
  minimalPdf,
  minimalPng,
  pdfWithXrefStream,
  phoneJpeg,
  pngChunk,
  pngOfSize,
  progressiveJpeg,
  screenshotPng,
} from '../../../test/support/evidence-files';
import { extensionOf, inspectEvidence, MAX_EVIDENCE_PIXELS, sniffMediaType } from './evidence-media-type';

// A valid 2 × 2 greyscale PNG (checked with `file`: "PNG image data, 2 x 2").
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAAAAABX3VL4AAAADklEQVR4nGNgZ2dgZwcAAFoAHV06avcAAAAASUVORK5CYII=',
  'base64',
);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0', 'latin1')]);
const PDF = Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n', 'latin1');
const HTML = Buffer.from('<html><body><script>alert(document.cookie)</script></body></html>', 'latin1');

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

/** A copy of `content` with the byte at `at` changed. */
function flipped(content: Buffer, at: number): Buffer {
  const copy = Buffer.from(content);
  copy[at] ^= 0x01;
  return copy;
}

/** A PNG whose IHDR declares `width` × `height` but whose data is a single byte: the header alone must refuse it. */
function pngDeclaring(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  return Buffer.concat([
    PNG.subarray(0, 8),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(Buffer.alloc(1))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A baseline JPEG whose frame header (SOF0) declares `width` × `height`. */
function jpegDeclaring(width: number, height: number): Buffer {
  const jpeg = baselineJpeg();
  const sof = jpeg.indexOf(Buffer.from([0xff, 0xc0]));
  jpeg.writeUInt16BE(height, sof + 5);
  jpeg.writeUInt16BE(width, sof + 7);
  return jpeg;
}

/** `pdf` with its startxref number replaced. */
function withStartxref(pdf: Buffer, offset: string): Buffer {
  return Buffer.from(pdf.toString('latin1').replace(/startxref\n\d+/, `startxref\n${offset}`), 'latin1');
}

describe('inspectEvidence', () => {
  it.each<[string, () => Buffer, string]>([
    ['a minimal PNG', () => minimalPng(4, 3), 'image/png'],
    ['a PNG with colour, text, EXIF and time chunks and split image data (a screenshot)', screenshotPng, 'image/png'],
    ['a PNG padded by a private ancillary chunk', () => pngOfSize(4096), 'image/png'],
    ['a PNG of exactly 50 megapixels', () => pngDeclaring(10_000, 5_000), 'image/png'],
    ['a baseline JFIF JPEG', baselineJpeg, 'image/jpeg'],
    ['a progressive JPEG', progressiveJpeg, 'image/jpeg'],
    ['a phone JPEG: EXIF in APP1 with a whole JPEG thumbnail inside', () => phoneJpeg(), 'image/jpeg'],
    ['an Ultra HDR phone JPEG: MPF index and a gain-map JPEG after EOI', () => phoneJpeg(true), 'image/jpeg'],
    ['a JPEG padded with zero bytes after EOI', () => Buffer.concat([baselineJpeg(), Buffer.alloc(100)]), 'image/jpeg'],
    ['a JPEG of exactly 50 megapixels', () => jpegDeclaring(10_000, 5_000), 'image/jpeg'],
    ['a JPEG with 1,000 comment segments', () => Buffer.concat([baselineJpeg().subarray(0, 2), ...Array.from({ length: 1000 }, () => Buffer.from([0xff, 0xfe, 0, 2])), baselineJpeg().subarray(2)]), 'image/jpeg'],
    ['eight JPEGs in one file', () => Buffer.concat(Array.from({ length: 8 }, baselineJpeg)), 'image/jpeg'],
    ['a PDF with an xref table and trailer', minimalPdf, 'application/pdf'],
    ['a PDF with a cross-reference stream', pdfWithXrefStream, 'application/pdf'],
    ['a PDF with white-space and NULs after %%EOF', () => Buffer.concat([minimalPdf(), Buffer.from('\r\n\0\0 \n')]), 'application/pdf'],
    [
      'a PDF with CRLF line ends',
      () => Buffer.from(minimalPdf().toString('latin1').replace(/ \n/g, '\r\n'), 'latin1'),
      'application/pdf',
    ],
  ])('accepts %s', (_case, content, mediaType) => {
    expect(inspectEvidence(content())).toEqual({ mediaType });
  });

  it.each<[string, () => Buffer, string]>([
    // PNG
    ['a PNG with HTML appended', () => Buffer.concat([minimalPng(1, 1, 9), HTML]), /data after its IEND/.source],
    ['a PNG with a second IEND and HTML', () => Buffer.concat([minimalPng(), pngChunk('IEND', Buffer.alloc(0)), HTML]), /data after its IEND/.source],
    ['a PNG cut short before IEND', () => minimalPng().subarray(0, minimalPng().length - 12), /no IEND/.source],
    ['a PNG cut inside a chunk', () => minimalPng().subarray(0, 40), /cut short/.source],
    ['a PNG with a damaged IDAT', () => flipped(minimalPng(), 41), /damaged IDAT chunk/.source],
    ['a PNG with HTML in place of its chunks', () => Buffer.concat([minimalPng().subarray(0, 33), HTML]), /not a PNG chunk|cut short/.source],
    ['a PNG without image data', () => Buffer.concat([minimalPng().subarray(0, 33), pngChunk('IEND', Buffer.alloc(0))]), /no image data/.source],
    ['a PNG whose IHDR is not 13 bytes', () => Buffer.concat([PNG.subarray(0, 8), pngChunk('IHDR', Buffer.alloc(14)), PNG.subarray(33)]), /IHDR/.source],
    ['a PNG declaring 0 × 0 pixels', () => pngDeclaring(0, 0), /no width and height/.source],
    // JPEG
    ['JPEG magic followed by HTML', () => Buffer.concat([jpegHeader(), HTML]), /not a whole JPEG/.source],
    ['a JPEG with HTML appended after EOI', () => Buffer.concat([baselineJpeg(), HTML]), /data after its end-of-image/.source],
    ['a JPEG with HTML after zero padding', () => Buffer.concat([baselineJpeg(), Buffer.alloc(8), HTML]), /data after its end-of-image/.source],
    ['a JPEG cut short inside its scan', () => baselineJpeg().subarray(0, baselineJpeg().length - 10), /cut short/.source],
    ['a JPEG without EOI', () => baselineJpeg().subarray(0, baselineJpeg().length - 2), /cut short/.source],
    ['a JPEG with a segment longer than the file', () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe1, 0xff, 0xff]), HTML]), /cut short/.source],
    ['a JPEG with no scan before EOI', () => Buffer.concat([jpegHeader().subarray(0, 2 + 18), Buffer.from([0xff, 0xd9])]), /no image data/.source],
    ['a JPEG followed by a cut-short JPEG', () => Buffer.concat([baselineJpeg(), baselineJpeg().subarray(0, 100)]), /cut short/.source],
    ['a JPEG declaring 0 pixels high', () => jpegDeclaring(16, 0), /no width and height/.source],
    [
      'a JPEG with 1,025 empty comment segments (no photo, and slow to measure)',
      () => Buffer.concat([baselineJpeg().subarray(0, 2), ...Array.from({ length: 1025 }, () => Buffer.from([0xff, 0xfe, 0, 2])), baselineJpeg().subarray(2)]),
      /more than 1024 segments/.source,
    ],
    ['nine JPEGs in one file', () => Buffer.concat(Array.from({ length: 9 }, baselineJpeg)), /more than 8 images/.source],
    // PDF
    ['%PDF- followed by HTML', () => Buffer.concat([Buffer.from('%PDF-1.4\n'), HTML]), /does not end with %%EOF/.source],
    ['a PDF with HTML appended after %%EOF', () => Buffer.concat([minimalPdf(), HTML]), /does not end with %%EOF/.source],
    ['a PDF ending in %%EOF with no xref', () => Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n'), /no startxref/.source],
    ['a PDF whose startxref points past itself', () => withStartxref(minimalPdf(), '999999'), /outside the file/.source],
    ['a PDF whose startxref points at no xref', () => withStartxref(minimalPdf(), '20'), /no cross-reference section/.source],
    [
      'a PDF whose xref entries point at the wrong objects',
      () => Buffer.from(minimalPdf().toString('latin1').replace(/\n(\d{10}) 00000 n/, (_m, o: string) => `\n${String(Number(o) + 3).padStart(10, '0')} 00000 n`), 'latin1'),
      /points elsewhere/.source,
    ],
    [
      'HTML between a PDF header and an empty xref table',
      () => Buffer.concat([Buffer.from('%PDF-1.4\n'), HTML, Buffer.from(`\nxref\ntrailer<</Root 1 0 R>>\nstartxref\n${9 + HTML.length + 1}\n%%EOF\n`)]),
      /lists no object/.source,
    ],
    [
      'HTML between a PDF header and an xref listing only the free object',
      () => Buffer.concat([Buffer.from('%PDF-1.4\n'), HTML, Buffer.from(`\nxref\n0 1\n0000000000 65535 f \ntrailer<</Root 1 0 R>>\nstartxref\n${9 + HTML.length + 1}\n%%EOF\n`)]),
      /lists no object/.source,
    ],
    ['a PDF whose xref table is damaged', () => Buffer.from(minimalPdf().toString('latin1').replace('0000000000 65535 f', '00000 65535 f'), 'latin1'), /damaged cross-reference table/.source],
    ['a PDF whose trailer names no /Root', () => Buffer.from(minimalPdf().toString('latin1').replace('/Root 1 0 R', '/Info 1 0 R'), 'latin1'), /without \/Root/.source],
    ['a PDF with no version in its header', () => Buffer.from(minimalPdf().toString('latin1').replace('%PDF-1.4', '%PDF-x.4'), 'latin1'), /version header/.source],
    ['a PDF whose xref stream lost its type', () => Buffer.from(pdfWithXrefStream().toString('latin1').replace('/Type/XRef', '/Type/Xref'), 'latin1'), /no cross-reference section/.source],
  ])('refuses %s as malformed', (_case, content, reason) => {
    const inspection = inspectEvidence(content());
    expect(inspection).toEqual({ refused: 'malformed', reason: expect.stringMatching(new RegExp(reason)) });
  });

  it.each<[string, () => Buffer]>([
    ['a PNG declaring 7100 × 7100 pixels (its data deflates to a few kB)', () => minimalPng(7100, 7100, 1)],
    ['a PNG declaring 50,000,001 pixels', () => pngDeclaring(50_000_001, 1)],
    ['a PNG declaring 2^31−1 × 2^31−1 pixels', () => pngDeclaring(0x7fffffff, 1)],
    ['a JPEG declaring 65535 × 65535 pixels', () => jpegDeclaring(65_535, 65_535)],
    ['a gain map of more than 50 megapixels after a small JPEG', () => Buffer.concat([baselineJpeg(), jpegDeclaring(8000, 8000)])],
  ])('refuses %s from its header, before decoding anything', (_case, content) => {
    expect(inspectEvidence(content())).toEqual({ refused: 'too-large', reason: expect.stringContaining('at most 50 megapixels') });
  });

  it('keeps the pixel limit at 50 megapixels', () => {
    expect(MAX_EVIDENCE_PIXELS).toBe(50_000_000);
  });

  it.each<[string, Buffer]>([
    ['HTML', HTML],
    ['an empty file', Buffer.alloc(0)],
  ])('refuses %s as unsupported', (_case, content) => {
    expect(inspectEvidence(content)).toMatchObject({ refused: 'unsupported' });
  });

  it('inspects a 5 MB file in linear time', () => {
    const png = pngOfSize(5 * 1024 * 1024);
    const jpeg = Buffer.concat([baselineJpeg(), Buffer.alloc(5 * 1024 * 1024 - baselineJpeg().length)]);
    const started = process.hrtime.bigint();
    expect(inspectEvidence(png)).toEqual({ mediaType: 'image/png' });
    expect(inspectEvidence(jpeg)).toEqual({ mediaType: 'image/jpeg' });
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(1000);
  });
});

describe('extensionOf', () => {
  it('names downloads by the stored type', () => {
    expect(extensionOf('image/png')).toBe('png');
    expect(extensionOf('image/jpeg')).toBe('jpg');
    expect(extensionOf('application/pdf')).toBe('pdf');
  });
});
