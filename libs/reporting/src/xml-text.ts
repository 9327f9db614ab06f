// XML 1.0 forbids these; one in a unit's or a member's name, or in a report's description,
// would make Word or Excel refuse the whole file.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Text safe to put in an Office document. */
export function xmlSafe(text: string): string {
  return text.replace(XML_INVALID, '');
}
