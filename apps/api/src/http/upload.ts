import { FastifyRequest } from 'fastify';
import { InvalidInputError } from '@app/contracts';

/**
 * Parts a multipart upload may hold: one file, in field `file`. The parser is allowed one
 * part more than that, so that a second part reaches {@link readUploadedFile} and is
 * refused by name: at a limit of one file, busboy drops the second one silently.
 */
export const UPLOAD_PART_LIMITS = { files: 2, fields: 1, parts: 2 } as const;

/** The parser's own refusals of a part over the limits above: still one part too many, so the same 400. */
const PART_LIMIT_CODES = new Set(['FST_PARTS_LIMIT', 'FST_FILES_LIMIT', 'FST_FIELDS_LIMIT']);

/**
 * The one file of a multipart upload in field `file`. Over `maxBytes` it is fastify's 413;
 * a body that is not the multipart it claims to be (no boundary, cut short, a boundary
 * too long for the parser), holds no file in `file`, or holds any other part besides it
 * (a second file, a text field) is a 400 naming `file`, never a 500 and never a part
 * quietly ignored.
 */
export async function readUploadedFile(request: FastifyRequest, maxBytes: number, what: string): Promise<Buffer> {
  if (!request.isMultipart()) throw new InvalidInputError('file', `file: send ${what} as multipart/form-data field "file"`);
  try {
    let content: Buffer | undefined;
    for await (const part of request.parts({ limits: { fileSize: maxBytes, ...UPLOAD_PART_LIMITS } })) {
      if (content !== undefined) throw new InvalidInputError('file', `file: send ${what} as the only part of the body, one file in field "file"`);
      if (part.type !== 'file' || part.fieldname !== 'file') throw new InvalidInputError('file', 'file: the multipart field must be named "file" and hold a file');
      content = await part.toBuffer();
    }
    if (content === undefined) throw new InvalidInputError('file', `file: send ${what} as multipart/form-data field "file"`);
    return content;
  } catch (error) {
    if (PART_LIMIT_CODES.has((error as { code?: unknown } | null)?.code as string)) {
      throw new InvalidInputError('file', `file: send ${what} as the only part of the body, one file in field "file"`);
    }
    if (error instanceof InvalidInputError || isClientError(error)) throw error;
    throw new InvalidInputError('file', 'file: the multipart body is malformed');
  }
}

function isClientError(error: unknown): boolean {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500;
}
