import { InvalidInputError } from './invalid-input';

const PATCH_BODIES = new WeakSet<object>();

/**
 * Marks a DTO as a PATCH body: every field may be left out, none may be sent as null. To
 * class-validator `@IsOptional()` lets null through like a missing field, so `{"fullName":
 * null}` reached the services, which either failed on it or "changed" nothing while writing
 * an audit entry. The API's input pipe refuses such a null, naming the field.
 */
export function PatchBody(): ClassDecorator {
  return (target) => {
    PATCH_BODIES.add(target);
  };
}

/** Whether a DTO class was marked with {@link PatchBody}. */
export function isPatchBody(metatype: unknown): boolean {
  return typeof metatype === 'function' && PATCH_BODIES.has(metatype);
}

/**
 * One refused item of a batch, left in its place by the input pipe so that the batch's
 * other items are still written; the service answers this item with its error.
 */
export class RefusedBatchItem {
  constructor(
    readonly error: InvalidInputError,
    /** The item's clientId as sent (when it is text), so the phone can tell which entry it was. */
    readonly clientId: unknown,
  ) {}
}
