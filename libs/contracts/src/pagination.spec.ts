import { InvalidInputError } from './invalid-input';
import { decodeCursor, decodeIdCursor, encodeCursor, encodeIdCursor, pageOf } from './pagination';

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

describe('composite cursors', () => {
  const decodeNewestFirst = (cursor: string | undefined) => decodeCursor(cursor, { at: 'instant', id: 'id' });
  const refusal = (run: () => unknown): InvalidInputError => {
    let thrown: unknown;
    try {
      run();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidInputError);
    return thrown as InvalidInputError;
  };

  it.each(['2024-03-01T02:30:00.000000Z', '2024-02-29T23:59:59.999999Z', '2023-12-31T17:00:00Z', '2100-12-31T23:59:59.5Z'])(
    'round-trips at %s',
    (at) => {
      expect(decodeNewestFirst(encodeCursor({ at, id: '42' }))).toEqual({ at, id: '42' });
    },
  );

  it('answers null when there is no cursor', () => {
    expect(decodeNewestFirst(undefined)).toBeNull();
  });

  it.each<[string, unknown]>([
    ['month 13, day 45 and 99:99:99', { at: '2023-13-45T99:99:99Z', id: '1' }],
    ['30 February', { at: '2023-02-30T00:00:00Z', id: '1' }],
    ['29 February of a common year', { at: '2023-02-29T00:00:00Z', id: '1' }],
    ['year 0', { at: '0000-01-01T00:00:00Z', id: '1' }],
    ['a one-digit hour', { at: '9999-99-99T9Z', id: '1' }],
    ['24:00', { at: '2023-05-01T24:00:00Z', id: '1' }],
    ['minute 60', { at: '2023-05-01T10:60:00Z', id: '1' }],
    ['an offset instead of Z', { at: '2023-05-01T10:00:00+07:00', id: '1' }],
    ['no seconds', { at: '2023-05-01T10:00Z', id: '1' }],
    ['seven fraction digits', { at: '2023-05-01T10:00:00.1234567Z', id: '1' }],
    ['only colons and dots', { at: '2023-05-01T:::...Z', id: '1' }],
    ['a numeric at', { at: 1714557600000, id: '1' }],
    ['no at', { id: '1' }],
    ['an id with SQL', { at: '2023-05-01T10:00:00Z', id: '1; DROP TABLE actions' }],
    ['an id that is too long', { at: '2023-05-01T10:00:00Z', id: '9'.repeat(19) }],
    ['JSON null', null],
    ['a JSON array', ['2023-05-01T10:00:00Z', '1']],
  ])('refuses a cursor with %s as a 400 on cursor', (_case, key) => {
    const error = refusal(() => decodeNewestFirst(b64(JSON.stringify(key))));
    expect(error.field).toBe('cursor');
    expect(error.message).toContain('cursor');
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
