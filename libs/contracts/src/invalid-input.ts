/** Bad input found after DTO validation (a tampered cursor, say): always a 400 naming the field. */
export class InvalidInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}
