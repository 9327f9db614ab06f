import { crc32 } from 'node:zlib';

const SIGNATURE_LENGTH = 8;
/** Length, type and CRC around every chunk's data. */
const CHUNK_OVERHEAD = 12;
const MAX_CHUNK_LENGTH = 0x7fffffff;
const CHUNK_TYPE = /^[A-Za-z]{4}$/;

/**
 * Why `content` (which opens with the PNG signature) is not one whole PNG, or null when it
 * is: every chunk's length lies inside the file and its CRC matches, IHDR comes first,
 * image data comes before IEND, and IEND is the last byte. It walks the chunks once and
 * never inflates the image data, so its cost is one CRC pass over the file.
 */
export function pngProblem(content: Buffer): string | null {
  let offset = SIGNATURE_LENGTH;
  let sawImageData = false;
  while (offset < content.length) {
    if (offset + CHUNK_OVERHEAD > content.length) return 'is cut short inside a chunk';
    const length = content.readUInt32BE(offset);
    const type = content.toString('latin1', offset + 4, offset + 8);
    const end = offset + CHUNK_OVERHEAD + length;
    if (length > MAX_CHUNK_LENGTH || !CHUNK_TYPE.test(type)) return 'has a chunk that is not a PNG chunk';
    if (end > content.length) return `is cut short inside its ${type} chunk`;
    if (crc32(content.subarray(offset + 4, end - 4)) >>> 0 !== content.readUInt32BE(end - 4)) return `has a damaged ${type} chunk (CRC)`;
    if (offset === SIGNATURE_LENGTH && (type !== 'IHDR' || length !== 13)) return 'does not open with its IHDR chunk';
    if (type === 'IDAT') sawImageData = true;
    if (type === 'IEND') {
      if (!sawImageData) return 'has no image data';
      return end === content.length ? null : 'has data after its IEND chunk';
    }
    offset = end;
  }
  return 'is cut short: it has no IEND chunk';
}
