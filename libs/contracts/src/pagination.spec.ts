import { decodeIdCursor, encodeIdCursor, InvalidInputError, pageOf } from './pagination';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

describe('id cursors', () => {
  it.each(['1', '42', '900719925474099312', '000123'])('round-trips id %s', (id) => {
    const cursor = encodeIdCursor(id);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeIdCursor(cursor)).toBe(id);
  });

  it('is opaque: the id does not show in the cursor', () => {
    expect(encodeIdCursor('12345')).not.toContain('12345');
  });

  it('answers null when there is no cursor', () => {
    expect(decodeIdCursor(undefined)).toBeNull();
  });

  it.each<[string, string]>([
    ['empty', ''],
    ['characters outside base64url', 'eyJpZCI6IjEifQ=='],
    ['standard base64 alphabet', `${encodeIdCursor('1')}+/`],
    ['spaces', 'eyJp ZCI6IjEifQ'],
    ['SQL in the cursor', "1' OR '1'='1"],
    ['valid base64 of non-JSON', b64('not json at all')],
    ['JSON that is not an object', b64('"12"')],
    ['JSON null', b64('null')],
    ['JSON without id', b64('{"after":"12"}')],
    ['a numeric id', b64('{"id":12}')],
    ['an id with a non-digit', b64('{"id":"12a"}')],
    ['a negative id', b64('{"id":"-1"}')],
    ['an empty id', b64('{"id":""}')],
    ['an id with SQL', b64('{"id":"1 OR 1=1"}')],
    ['an id that is too long', b64(`{"id":"${'9'.repeat(19)}"}`)],
  ])('refuses a cursor with %s as a 400 on cursor', (_case, cursor) => {
    let thrown: unknown;
    try {
      decodeIdCursor(cursor);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidInputError);
    expect((thrown as InvalidInputError).field).toBe('cursor');
    expect((thrown as InvalidInputError).message).toContain('cursor');
  });
});

describe('pageOf', () => {
  const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ id: String(i + 1), name: `row ${i + 1}` }));

  it.each<[string, number, number, number, string | null]>([
    ['no rows', 0, 3, 0, null],
    ['fewer rows than the limit', 2, 3, 2, null],
    ['exactly the limit', 3, 3, 3, null],
    ['one more row than the limit', 4, 3, 3, '3'],
    ['limit of one with a second row', 2, 1, 1, '1'],
  ])('%s', (_case, available, limit, shown, nextAfter) => {
    const page = pageOf(rows(available), limit);
    expect(page.items).toEqual(rows(available).slice(0, shown));
    expect(page.nextCursor === null ? null : decodeIdCursor(page.nextCursor)).toBe(nextAfter);
  });

  it('walks every row exactly once when following nextCursor', () => {
    const all = rows(7);
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 10; i++) {
      const remaining = all.filter((row) => after === null || Number(row.id) > Number(after));
      const page = pageOf(remaining.slice(0, 3), 2);
      seen.push(...page.items.map((row) => row.id));
      if (page.nextCursor === null) break;
      after = decodeIdCursor(page.nextCursor);
    }
    expect(seen).toEqual(all.map((row) => row.id));
  });
});
