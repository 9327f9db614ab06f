import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { AccessError, AccessErrorCode } from '@app/access';
import { isId } from '@app/contracts';

/**
 * A path segment that names a record by id. What is not an id names nothing, so it is
 * answered like a record outside the caller's scope: 404, and no query is run for it.
 */
@Injectable()
export class IdParamPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (isId(value)) return value;
    const field = metadata.data ?? 'id';
    throw new AccessError(AccessErrorCode.NotFound, `${field} does not name anything you can see`, field);
  }
}
