/** PDF white-space (ISO 32000 §7.2.2): NUL, tab, line feed, form feed, carriage return, space. */
const WS = '[\\0\\t\\n\\f\\r ]';
const HEADER = /^%PDF-[12]\.\d/;
/** The end of the file once trailing white-space is dropped. */
const TAIL = new RegExp(`startxref${WS}+(\\d{1,10})${WS}+%%EOF$`);
const SUBSECTION = new RegExp(`${WS}*(\\d{1,10}) +(\\d{1,10})[ \\t]*(?:\\r\\n|\\r|\\n)`, 'y');
const ENTRY = /(\d{10}) (\d{5}) ([nf])[ \r\n]{1,2}/y;
const TRAILER = new RegExp(`${WS}*trailer${WS}*<<`, 'y');
const ROOT = new RegExp(`/Root${WS}*\\d+${WS}+\\d+${WS}+R`);
const OBJECT_HEAD = new RegExp(`^${WS}*(\\d+)${WS}+(\\d+)${WS}+obj`);
const XREF_STREAM_TYPE = new RegExp(`/Type${WS}*/XRef(?![A-Za-z])`);
/** How far before %%EOF startxref may stand, and how long an xref stream's dictionary may be. */
const TAIL_WINDOW = 1024;
const DICTIONARY_WINDOW = 4096;

/**
 * Why `content` (which opens with `%PDF-`) is not a whole PDF, or null when it is: a
 * version header, `startxref` just before the final `%%EOF` (only white-space may follow),
 * pointing at a cross-reference section — a table whose in-use entries each point at
 * their object, followed by a trailer naming the document's /Root, or a cross-reference
 * stream — inside the file. Viewers rebuild a missing xref by scanning, which is exactly
 * what lets HTML ride inside a "PDF"; so a file a viewer must repair is refused.
 * One pass over the last cross-reference section; nothing is inflated.
 */
export function pdfProblem(content: Buffer): string | null {
  if (!HEADER.test(content.toString('latin1', 0, 8))) return 'has no PDF version header';
  const end = endWithoutWhitespace(content);
  const tailStart = Math.max(0, end - TAIL_WINDOW);
  const tail = TAIL.exec(content.toString('latin1', tailStart, end));
  if (!tail) return content.toString('latin1', end - 5, end) === '%%EOF' ? 'has no startxref before its %%EOF' : 'does not end with %%EOF';
  const startxrefAt = tailStart + tail.index;
  const xrefAt = Number(tail[1]);
  if (xrefAt >= startxrefAt) return 'has a startxref that points outside the file';
  const head = content.toString('latin1', xrefAt, Math.min(startxrefAt, xrefAt + 32));
  if (head.startsWith('xref')) return xrefTableProblem(content, xrefAt, startxrefAt);
  if (OBJECT_HEAD.test(head)) return xrefStreamProblem(content, xrefAt, startxrefAt);
  return 'has a startxref that points at no cross-reference section';
}

function xrefTableProblem(content: Buffer, xrefAt: number, startxrefAt: number): string | null {
  const table = content.toString('latin1', xrefAt, startxrefAt);
  let at = 'xref'.length;
  let objects = 0;
  for (;;) {
    TRAILER.lastIndex = at;
    if (TRAILER.test(table)) {
      if (objects === 0) return 'has a cross-reference table that lists no object';
      return ROOT.test(table.slice(TRAILER.lastIndex)) ? null : 'has a trailer without /Root';
    }
    SUBSECTION.lastIndex = at;
    const subsection = SUBSECTION.exec(table);
    if (!subsection) return 'has a damaged cross-reference table';
    at = SUBSECTION.lastIndex;
    const first = Number(subsection[1]);
    const count = Number(subsection[2]);
    for (let i = 0; i < count; i++) {
      ENTRY.lastIndex = at;
      const entry = ENTRY.exec(table);
      if (!entry) return 'has a damaged cross-reference table';
      at = ENTRY.lastIndex;
      if (entry[3] !== 'n') continue;
      if (!isObjectAt(content, Number(entry[1]), first + i, startxrefAt)) return `has a cross-reference entry for object ${first + i} that points elsewhere`;
      objects++;
    }
  }
}

function xrefStreamProblem(content: Buffer, xrefAt: number, startxrefAt: number): string | null {
  const window = content.toString('latin1', xrefAt, Math.min(startxrefAt, xrefAt + DICTIONARY_WINDOW));
  const streamAt = window.indexOf('stream');
  if (streamAt < 0) return 'has a startxref that points at no cross-reference section';
  const dictionary = window.slice(0, streamAt);
  if (!XREF_STREAM_TYPE.test(dictionary)) return 'has a startxref that points at no cross-reference section';
  if (!ROOT.test(dictionary)) return 'has a cross-reference stream without /Root';
  if (content.lastIndexOf('endstream', startxrefAt, 'latin1') < xrefAt + streamAt) return 'is cut short inside its cross-reference stream';
  return null;
}

/** Whether object `number` begins at `offset` (before the cross-reference section). */
function isObjectAt(content: Buffer, offset: number, number: number, limit: number): boolean {
  if (offset >= limit) return false;
  const head = OBJECT_HEAD.exec(content.toString('latin1', offset, Math.min(limit, offset + 40)));
  return head !== null && Number(head[1]) === number;
}

function endWithoutWhitespace(content: Buffer): number {
  let end = content.length;
  while (end > 0 && isWhitespace(content[end - 1])) end--;
  return end;
}

function isWhitespace(byte: number): boolean {
  return byte === 0x00 || byte === 0x09 || byte === 0x0a || byte === 0x0c || byte === 0x0d || byte === 0x20;
}
