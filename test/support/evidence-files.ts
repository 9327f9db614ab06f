import { crc32, deflateSync } from 'node:zlib';

/**
 * Real evidence files for tests, each a whole file of its type that a viewer opens — the
 * API checks structure (PNG chunks to IEND, JPEG markers to EOI, PDF xref and trailer),
 * so a fixture that only starts right is refused.
 */

/** One PNG chunk: length, type, data and its CRC. */
export function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([length, body, crc]);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function greyHeader(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  return header;
}

function greyRows(width: number, height: number, seed: number): Buffer {
  const rows = Buffer.alloc(height * (width + 1));
  for (let y = 0; y < height; y++) rows.fill(seed & 0xff, y * (width + 1) + 1, (y + 1) * (width + 1));
  return rows;
}

/**
 * A real, valid PNG of `width` × `height` grey pixels (signature, IHDR, IDAT, IEND with
 * correct CRCs); `seed` changes the pixels, so that two files hash differently. `extra`
 * chunks go between IHDR and IDAT.
 */
export function minimalPng(width = 1, height = 1, seed = 0x80, extra: Buffer[] = []): Buffer {
  return Buffer.concat([
    PNG_SIGNATURE,
    pngChunk('IHDR', greyHeader(width, height)),
    ...extra,
    pngChunk('IDAT', deflateSync(greyRows(width, height, seed))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * A PNG as a phone's screenshot tool writes one: colour metadata, text, EXIF and a time
 * stamp as ancillary chunks, and the image data split over two IDAT chunks.
 */
export function screenshotPng(): Buffer {
  const physical = Buffer.alloc(9);
  physical.writeUInt32BE(3780, 0);
  physical.writeUInt32BE(3780, 4);
  physical[8] = 1; // per metre
  const time = Buffer.from([0x07, 0xea, 12, 3, 8, 30, 0]);
  const data = deflateSync(greyRows(6, 4, 0x33));
  const half = Math.floor(data.length / 2);
  return Buffer.concat([
    PNG_SIGNATURE,
    pngChunk('IHDR', greyHeader(6, 4)),
    pngChunk('sRGB', Buffer.from([0])),
    pngChunk('gAMA', Buffer.from([0x00, 0x00, 0xb1, 0x8f])),
    pngChunk('pHYs', physical),
    pngChunk('tEXt', Buffer.from('Software\0Android Screenshot', 'latin1')),
    pngChunk('eXIf', tiff([{ tag: 0x0112, type: SHORT, value: u16(1) }])),
    pngChunk('IDAT', data.subarray(0, half)),
    pngChunk('IDAT', data.subarray(half)),
    pngChunk('tIME', time),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A valid PNG of exactly `size` bytes: a private ancillary chunk pads it (viewers skip such chunks). */
export function pngOfSize(size: number, seed = 0x44): Buffer {
  const bare = minimalPng(1, 1, seed).length;
  return minimalPng(1, 1, seed, [pngChunk('prVt', Buffer.alloc(size - bare - 12, 0x61))]);
}

/** The bytes of PDF objects 1…n laid out after a header, with the offset of each. */
function pdfBody(objects: string[]): { body: string; offsets: number[] } {
  let body = '%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  return { body, offsets };
}

const ONE_PAGE = ['<</Type/Catalog/Pages 2 0 R>>', '<</Type/Pages/Kids[3 0 R]/Count 1>>', '<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>'];

/** The smallest well-formed PDF a viewer opens (one empty page), with its xref table and trailer. */
export function minimalPdf(): Buffer {
  const { body, offsets } = pdfBody(ONE_PAGE);
  const entries = offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  const xref = `xref\n0 ${offsets.length + 1}\n0000000000 65535 f \n${entries}`;
  const trailer = `trailer\n<</Size ${offsets.length + 1}/Root 1 0 R>>\nstartxref\n${body.length}\n%%EOF\n`;
  return Buffer.from(body + xref + trailer, 'latin1');
}

/** The same page with a cross-reference stream (PDF 1.5+, as most current writers save) instead of a table. */
export function pdfWithXrefStream(): Buffer {
  const { body, offsets } = pdfBody(ONE_PAGE);
  const xrefAt = body.length;
  const rows = Buffer.alloc(5 * 5);
  rows.writeUInt8(0, 0);
  [...offsets, xrefAt].forEach((offset, i) => {
    rows.writeUInt8(1, (i + 1) * 5);
    rows.writeUInt32BE(offset, (i + 1) * 5 + 1);
  });
  const stream =
    `4 0 obj\n<</Type/XRef/Size 5/W[1 4 0]/Root 1 0 R/Length ${rows.length}>>\nstream\n` +
    rows.toString('latin1') +
    `\nendstream\nendobj\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.from(body + stream, 'latin1');
}

// 16 × 12 pixels, written by libjpeg-turbo's cjpeg (baseline, optimised Huffman tables).
const BASELINE_JPEG =
  '/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAA0JCgsKCA0LCgsODg0PEyAVExISEyccHhcgLikxMC4pLSwzOko+MzZGNywtQFdBRkxOUlNSMj5aYVpQYEpRUk//2wBDAQ4ODhMREyYVFSZPNS01T09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT0//wAARCAAMABADASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAABQb/xAAaEAACAgMAAAAAAAAAAAAAAAAABAMiBSEx/8QAFQEBAQAAAAAAAAAAAAAAAAAAAgP/xAAZEQACAwEAAAAAAAAAAAAAAAAAAgEDBSH/2gAMAwEAAhEDEQA/AJhPEcqOJ4jlRhRaLVRxNaLVSSWyDM0n4f/Z';
// The same picture, progressive (cjpeg -progressive): ten scans with tables between them.
const PROGRESSIVE_JPEG =
  '/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAA0JCgsKCA0LCgsODg0PEyAVExISEyccHhcgLikxMC4pLSwzOko+MzZGNywtQFdBRkxOUlNSMj5aYVpQYEpRUk//2wBDAQ4ODhMREyYVFSZPNS01T09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT0//wgARCAAMABADASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAABAX/xAAUAQEAAAAAAAAAAAAAAAAAAAAC/9oADAMBAAIQAxAAAAGW5jgf/8QAFxABAQEBAAAAAAAAAAAAAAAAAgABA//aAAgBAQABBQIcoconIHL/xAAWEQEBAQAAAAAAAAAAAAAAAAAEAAH/2gAIAQMBAT8BMnb/xAAWEQADAAAAAAAAAAAAAAAAAAAAAQL/2gAIAQIBAT8BVH//xAAUEAEAAAAAAAAAAAAAAAAAAAAg/9oACAEBAAY/Ah//xAAWEAEBAQAAAAAAAAAAAAAAAAAAUWH/2gAIAQEAAT8hxYpED//aAAwDAQACAAMAAAAQ/wD/xAAVEQEBAAAAAAAAAAAAAAAAAAAAIf/aAAgBAwEBPxCV/8QAFREBAQAAAAAAAAAAAAAAAAAAAAH/2gAIAQIBAT8Qu//EABYQAQEBAAAAAAAAAAAAAAAAAAAhMf/aAAgBAQABPxDExJyM/9k=';

/** A real baseline JPEG of 16 × 12 pixels (JFIF). */
export function baselineJpeg(): Buffer {
  return Buffer.from(BASELINE_JPEG, 'base64');
}

/** A real progressive JPEG of 16 × 12 pixels. */
export function progressiveJpeg(): Buffer {
  return Buffer.from(PROGRESSIVE_JPEG, 'base64');
}

/** A JPEG's start-of-image and JFIF header and nothing more: enough to look like a JPEG, not one. */
export function jpegHeader(): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0', 'latin1'), Buffer.alloc(64)]);
}

/**
 * A JPEG as a phone camera writes one: EXIF in APP1 in place of JFIF (make, model,
 * orientation, and a thumbnail that is itself a whole JPEG with its own end-of-image
 * marker inside the segment). With `gainMap`, also an MPF index in APP2 and a second
 * JPEG appended after the first's end-of-image marker, as Ultra HDR photos carry their
 * gain map.
 */
export function phoneJpeg(gainMap = false): Buffer {
  const picture = baselineJpeg();
  const afterJfif = picture.subarray(2 + 2 + picture.readUInt16BE(4));
  const exif = segment(0xe1, Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), phoneExif(baselineJpeg())]));
  if (!gainMap) return Buffer.concat([picture.subarray(0, 2), exif, afterJfif]);
  const secondary = progressiveJpeg();
  const mpfLength = segment(0xe2, multiPictureIndex(0, 0, 0)).length;
  const primaryLength = 2 + exif.length + mpfLength + afterJfif.length;
  // MPF offsets count from the byte-order mark of the MPF header: the APP2 marker, length and "MPF\0" come before it.
  const headerAt = 2 + exif.length + 8;
  const mpf = segment(0xe2, multiPictureIndex(primaryLength, secondary.length, primaryLength - headerAt));
  return Buffer.concat([picture.subarray(0, 2), exif, mpf, afterJfif, secondary]);
}

function segment(marker: number, payload: Buffer): Buffer {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
}

const SHORT = 3;
const LONG = 4;
const ASCII = 2;
const UNDEFINED = 7;
interface IfdEntry {
  tag: number;
  type: number;
  value: Buffer;
  /** A count other than the value's length in units of its type. */
  count?: number;
}
const u16 = (n: number) => Buffer.from([n & 0xff, n >> 8]);
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
};
const UNIT: Record<number, number> = { [SHORT]: 2, [LONG]: 4, [ASCII]: 1, [UNDEFINED]: 1 };

/** A little-endian TIFF structure: header, one IFD per list (chained), values after them. */
function tiff(...ifds: IfdEntry[][]): Buffer {
  const ifdSizes = ifds.map((entries) => 2 + entries.length * 12 + 4);
  let dataAt = 8 + ifdSizes.reduce((a, b) => a + b, 0);
  const data: Buffer[] = [];
  const tables = ifds.map((entries, i) => {
    const table = Buffer.alloc(ifdSizes[i]);
    table.writeUInt16LE(entries.length, 0);
    entries.forEach((entry, j) => {
      const at = 2 + j * 12;
      table.writeUInt16LE(entry.tag, at);
      table.writeUInt16LE(entry.type, at + 2);
      table.writeUInt32LE(entry.count ?? entry.value.length / UNIT[entry.type], at + 4);
      if (entry.value.length <= 4) {
        entry.value.copy(table, at + 8);
      } else {
        table.writeUInt32LE(dataAt, at + 8);
        data.push(entry.value);
        dataAt += entry.value.length;
      }
    });
    const next = i + 1 < ifds.length ? 8 + ifdSizes.slice(0, i + 1).reduce((a, b) => a + b, 0) : 0;
    table.writeUInt32LE(next, ifdSizes[i] - 4);
    return table;
  });
  return Buffer.concat([Buffer.from('II*\0', 'latin1'), u32(8), ...tables, ...data]);
}

/** IFD0 (camera, orientation) and IFD1 (the thumbnail, a whole JPEG stored inside APP1). */
function phoneExif(thumbnail: Buffer): Buffer {
  const ascii = (text: string) => Buffer.from(`${text}\0`, 'latin1');
  const ifd0: IfdEntry[] = [
    { tag: 0x010f, type: ASCII, value: ascii('samsung') },
    { tag: 0x0110, type: ASCII, value: ascii('SM-A556E') },
    { tag: 0x0112, type: SHORT, value: u16(6) },
  ];
  // The thumbnail's offset is only known once the tables are laid out: lay them out once with a placeholder.
  const ifd1 = (offset: number): IfdEntry[] => [
    { tag: 0x0103, type: SHORT, value: u16(6) },
    { tag: 0x0201, type: LONG, value: u32(offset) },
    { tag: 0x0202, type: LONG, value: u32(thumbnail.length) },
  ];
  const withoutThumbnail = tiff(ifd0, ifd1(0));
  return Buffer.concat([tiff(ifd0, ifd1(withoutThumbnail.length)), thumbnail]);
}

/** An MPF index (CIPA DC-007) of two images: the primary at offset 0, a second one where given. */
function multiPictureIndex(primaryLength: number, secondaryLength: number, secondaryOffset: number): Buffer {
  const entries = Buffer.alloc(32);
  entries.writeUInt32LE(0x20030000, 0); // representative, baseline primary image
  entries.writeUInt32LE(primaryLength, 4);
  entries.writeUInt32LE(0, 8);
  entries.writeUInt32LE(0, 16);
  entries.writeUInt32LE(secondaryLength, 20);
  entries.writeUInt32LE(secondaryOffset, 24);
  return Buffer.concat([
    Buffer.from('MPF\0', 'latin1'),
    tiff([
      { tag: 0xb000, type: UNDEFINED, value: Buffer.from('0100', 'latin1') },
      { tag: 0xb001, type: LONG, value: u32(2) },
      { tag: 0xb002, type: UNDEFINED, value: entries },
    ]),
  ]);
}
