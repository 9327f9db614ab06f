import { FastifyRequest } from 'fastify';
import { InvalidInputError } from '@app/contracts';

/**
 * The one file of a multipart upload in field `file`. Over `maxBytes` it is fastify's 413;
 * a body that is not the multipart it claims to be (no boundary, cut short, a boundary
 * too long for the parser) is a 400 naming `file`, never a 500.
 */
export async function readUploadedFile(request: FastifyRequest, maxBytes: number, what: string): Promise<Buffer> {
  if (!request.isMultipart()) throw new InvalidInputError('file', `file: send ${what} as multipart/form-data field "file"`);
  try {
    const part = await request.file({ limits: { fileSize: maxBytes, files: 1 } });
    if (!part || part.fieldname !== 'file') throw new InvalidInputError('file', 'file: the multipart field must be named "file"');
    return await part.toBuffer();
  } catch (error) {
    if (error instanceof InvalidInputError || isClientError(error)) throw error;
    throw new InvalidInputError('file', 'file: the multipart body is malformed');
  }
}

function isClientError(error: unknown): boolean {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500;
}
