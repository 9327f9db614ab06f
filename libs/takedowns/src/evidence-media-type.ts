import { EvidenceMediaType } from '@app/contracts';

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
