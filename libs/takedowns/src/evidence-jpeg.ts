const MARKER = 0xff;
const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
const TEM = 0x01;
/** A phone appends one or two (gain map, depth map); more is no photo. */
const MAX_IMAGES = 8;
/**
 * A photo has a few dozen segments (APPn, tables, frame, a scan or, progressive, a dozen);
 * a megabyte of empty ones is no photo, and would make the size reader's walk slow.
 */
const MAX_SEGMENTS = 1024;

/** What the walk found: the images of the file, or why it is not a whole JPEG. */
export type JpegWalk = { images: Buffer[] } | { problem: string };

/**
 * Walks a JPEG (which opens with FF D8 FF) marker by marker: every segment's length lies
 * inside the file, a frame header comes before the first scan, every scan's entropy-coded
 * data runs to a marker, and EOI closes the image. Progressive files (several scans with
 * tables between them) walk the same way. After EOI only further whole JPEGs may follow —
 * a phone's Multi-Picture Format gain map or depth map is appended so — and zero padding;
 * anything else (an HTML page, say) makes the file refused. One pass, no decoding.
 */
export function walkJpeg(content: Buffer): JpegWalk {
  const images: Buffer[] = [];
  let offset = 0;
  while (offset < content.length) {
    if (content[offset] === 0x00) {
      offset++;
      continue;
    }
    if (content[offset] !== MARKER || content[offset + 1] !== SOI) {
      return { problem: images.length === 0 ? 'is not a JPEG' : 'has data after its end-of-image marker' };
    }
    if (images.length === MAX_IMAGES) return { problem: `holds more than ${MAX_IMAGES} images` };
    const end = endOfImage(content, offset);
    if (typeof end === 'string') return { problem: end };
    images.push(content.subarray(offset, end));
    offset = end;
  }
  return { images };
}

/** The offset just past the EOI of the image starting at `start`, or why there is none. */
function endOfImage(content: Buffer, start: number): number | string {
  let offset = start + 2;
  let frames = 0;
  let scans = 0;
  for (let segments = 1; ; segments++) {
    if (segments > MAX_SEGMENTS) return `has more than ${MAX_SEGMENTS} segments`;
    if (content[offset] !== MARKER) return offset >= content.length ? 'is cut short: it has no end-of-image marker' : 'has bytes where a marker belongs';
    while (content[offset] === MARKER) offset++; // fill bytes may precede any marker
    if (offset >= content.length) return 'is cut short: it has no end-of-image marker';
    const marker = content[offset++];
    if (marker === EOI) return frames === 1 && scans > 0 ? offset : 'has no image data before its end-of-image marker';
    if (marker === SOI || marker === 0x00) return 'has a marker out of place';
    if (isStandalone(marker)) continue;
    if (offset + 2 > content.length) return 'is cut short inside a segment';
    const length = content.readUInt16BE(offset);
    if (length < 2 || offset + length > content.length) return 'is cut short inside a segment';
    offset += length;
    if (isFrameHeader(marker) && ++frames > 1) return 'has more than one frame';
    if (marker === SOS) {
      if (frames === 0) return 'has a scan before its frame header';
      scans++;
      const next = nextMarker(content, offset);
      if (next < 0) return 'is cut short inside its image data: it has no end-of-image marker';
      offset = next;
    }
  }
}

/** Where the entropy-coded data from `offset` ends: the first FF that is not stuffing or a restart marker. */
function nextMarker(content: Buffer, offset: number): number {
  let at = offset;
  for (;;) {
    const ff = content.indexOf(MARKER, at);
    if (ff < 0) return -1;
    let after = ff + 1;
    while (content[after] === MARKER) after++;
    if (after >= content.length) return -1;
    const code = content[after];
    if (code !== 0x00 && !isRestart(code)) return ff;
    at = after + 1;
  }
}

function isRestart(marker: number): boolean {
  return marker >= 0xd0 && marker <= 0xd7;
}

function isStandalone(marker: number): boolean {
  return marker === TEM || isRestart(marker);
}

/** SOF0–SOF15 but DHT (C4), JPG (C8) and DAC (CC), which share the range. */
function isFrameHeader(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}
