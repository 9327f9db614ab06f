import { imageSize } from 'image-size';
import { EvidenceMediaType } from '@app/contracts';
import { walkJpeg } from './evidence-jpeg';
import { pdfProblem } from './evidence-pdf';
import { pngProblem } from './evidence-png';

/**
 * The most pixels an evidence image may have: the web app shows evidence, and a browser
 * decodes an image whole, so a small file declaring a huge image is a memory bomb.
 */
export const MAX_EVIDENCE_PIXELS = 50_000_000;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG_SIGNATURE = Buffer.from([0xff, 0xd8, 0xff]);
const PDF_SIGNATURE = Buffer.from('%PDF-', 'latin1');

/**
 * The media type of an evidence file by its first bytes, or null when it is none of
 * PNG, JPEG and PDF. The client's file name and Content-Type are never consulted: a
 * text file called `proof.png` is text. A PNG must also open with its IHDR chunk, so
 * that eight bytes of signature glued to anything else are refused.
 */
export function sniffMediaType(content: Buffer): EvidenceMediaType | null {
  if (startsWith(content, PNG_SIGNATURE) && content.length >= 33 && content.toString('latin1', 12, 16) === 'IHDR') {
    return 'image/png';
  }
  if (startsWith(content, JPEG_SIGNATURE) && content.length >= 4) return 'image/jpeg';
  if (startsWith(content, PDF_SIGNATURE)) return 'application/pdf';
  return null;
}

/**
 * What an evidence file turned out to be: its media type, or why it is refused —
 * `unsupported` when it is none of PNG, JPEG and PDF by its first bytes, `malformed` when
 * it opens as one but is not one whole file of that type (cut short, damaged, or with
 * something else appended), `too-large` when an image has more than
 * {@link MAX_EVIDENCE_PIXELS} pixels.
 */
export type EvidenceInspection =
  | { mediaType: EvidenceMediaType }
  | { refused: 'unsupported' | 'malformed' | 'too-large'; reason: string };

/**
 * Types an evidence file by its first bytes, then checks that the whole file is of that
 * type, and measures an image from its header before anything would decode it. Every
 * check is a single pass over the bytes, so the cost is linear in the (size-limited) file.
 */
export function inspectEvidence(content: Buffer): EvidenceInspection {
  const mediaType = sniffMediaType(content);
  if (!mediaType) return { refused: 'unsupported', reason: 'must be a PNG, JPEG or PDF' };
  switch (mediaType) {
    case 'application/pdf': {
      const problem = pdfProblem(content);
      return problem === null ? { mediaType } : malformed(mediaType, problem);
    }
    case 'image/png': {
      const problem = pngProblem(content);
      return problem === null ? measure(mediaType, [content]) : malformed(mediaType, problem);
    }
    case 'image/jpeg': {
      const walk = walkJpeg(content);
      return 'problem' in walk ? malformed(mediaType, walk.problem) : measure(mediaType, walk.images);
    }
  }
}

/** The file extension a download of this media type is named with. */
export function extensionOf(mediaType: EvidenceMediaType): string {
  switch (mediaType) {
    case 'image/png':
      return 'png';
    case 'image/jpeg':
      return 'jpg';
    case 'application/pdf':
      return 'pdf';
  }
}

function startsWith(content: Buffer, signature: Buffer): boolean {
  return content.length >= signature.length && content.subarray(0, signature.length).equals(signature);
}

const TYPE_NAMES: Record<EvidenceMediaType, string> = { 'image/png': 'PNG', 'image/jpeg': 'JPEG', 'application/pdf': 'PDF' };

function malformed(mediaType: EvidenceMediaType, problem: string): EvidenceInspection {
  return { refused: 'malformed', reason: `is not a whole ${TYPE_NAMES[mediaType]}: it ${problem}` };
}

/** Every image of the file (a JPEG may carry a gain map after its main image) within the pixel limit. */
function measure(mediaType: EvidenceMediaType, images: Buffer[]): EvidenceInspection {
  for (const image of images) {
    const pixels = pixelsOf(image, mediaType === 'image/png' ? 'png' : 'jpg');
    if (pixels === null) return malformed(mediaType, 'declares no width and height');
    if (pixels > MAX_EVIDENCE_PIXELS) {
      return { refused: 'too-large', reason: `must have at most ${MAX_EVIDENCE_PIXELS / 1_000_000} megapixels; this image has ${(pixels / 1_000_000).toFixed(1)}` };
    }
  }
  return { mediaType };
}

/** Width × height as the image's header declares it (image-size reads headers only), or null when it declares none. */
function pixelsOf(image: Buffer, expectedType: 'png' | 'jpg'): number | null {
  try {
    const { width, height, type } = imageSize(image);
    return type === expectedType && width > 0 && height > 0 ? width * height : null;
  } catch {
    return null;
  }
}
