import { ArgumentMetadata } from '@nestjs/common';
import { InvalidInputError, RefusedBatchItem } from '@app/contracts';
import { InputSanitizerPipe } from './input-sanitizer.pipe';

const pipe = new InputSanitizerPipe();
const body: ArgumentMetadata = { type: 'body' };
const query: ArgumentMetadata = { type: 'query' };
const param: ArgumentMetadata = { type: 'param', data: 'id' };

const NFD = 'Nguye\u0302\u0303n'; // "Nguyễn" typed with combining marks
const NFC = 'Nguy\u1ec5n';

/** The refusal the pipe throws for this value (fails the test if none). */
function refused(value: unknown, metadata: ArgumentMetadata = body): InvalidInputError {
  try {
    pipe.transform(value, metadata);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return error as InvalidInputError;
  }
  throw new Error(`accepted ${JSON.stringify(value)}`);
}

const refusal = (value: unknown, metadata: ArgumentMetadata = body) => refused(value, metadata).message;

/** `depth` objects nested inside each other, the innermost holding a string. */
function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: 'x' };
  for (let i = 1; i < depth; i++) value = { child: value };
  return value;
}

describe('InputSanitizerPipe', () => {
  it('the fixture really is NFD', () => {
    expect(NFD).not.toBe(NFC);
    expect(NFD.normalize('NFC')).toBe(NFC);
  });

  it.each([
    ['body', body],
    ['query', query],
  ])('normalises every string of the %s to NFC, however deep', (_kind, metadata) => {
    const input = {
      fullName: `${NFD} Văn A`,
      nested: { name: NFD, list: [NFD, { deeper: NFD }] },
      count: 3,
      flag: true,
      nothing: null,
    };
    expect(pipe.transform(input, metadata)).toEqual({
      fullName: `${NFC} Văn A`,
      nested: { name: NFC, list: [NFC, { deeper: NFC }] },
      count: 3,
      flag: true,
      nothing: null,
    });
  });

  it('normalises a bare string body', () => {
    expect(pipe.transform(NFD, body)).toBe(NFC);
  });

  it('does not change the input object in place', () => {
    const input = { name: NFD, items: [{ title: NFD }, { title: 'plain' }] };
    const output = pipe.transform(input, body) as typeof input;
    expect(input).toEqual({ name: NFD, items: [{ title: NFD }, { title: 'plain' }] });
    expect(output).toEqual({ name: NFC, items: [{ title: NFC }, { title: 'plain' }] });
    expect(output.items[1]).toBe(input.items[1]);
  });

  it('hands back the very same objects when nothing needs changing (no copy of a clean batch)', () => {
    const input = { items: [{ url: 'https://example.com/a', reach: 3 }, { fullName: NFC }], flag: true };
    expect(pipe.transform(input, body)).toBe(input);
  });

  it.each<[string, unknown, string]>([
    ['a top-level field', { fullName: 'An\u0000' }, 'fullName'],
    ['a nested field', { profile: { title: 'a\u0000b' } }, 'profile.title'],
    ['an array item', { userIds: ['1', '2\u0000'] }, 'userIds.1'],
    ['an object in an array', { entries: [{ url: 'ok' }, { url: '\u0000' }] }, 'entries.1.url'],
  ])('refuses a NUL byte in %s, naming %s', (_case, value, field) => {
    const error = refused(value);
    expect(error.field).toBe(field);
    expect(error.message).toContain(field);
    expect(error.message).toMatch(/NUL/);
  });

  it('answers a refused batch item in its place and keeps the others, so one bad entry does not refuse a backlog', () => {
    const input = { items: [{ url: 'https://example.com/a' }, { clientId: 'b', url: 'x\u0000' }, { fullName: NFD }] };
    const out = pipe.transform(input, body) as { items: unknown[] };
    expect(out.items[0]).toBe(input.items[0]);
    expect(out.items[1]).toBeInstanceOf(RefusedBatchItem);
    expect((out.items[1] as RefusedBatchItem).error.field).toBe('items.1.url');
    expect((out.items[1] as RefusedBatchItem).clientId).toBe('b');
    expect(out.items[2]).toEqual({ fullName: NFC });
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuses the key %s anywhere, naming its path', (key) => {
    expect(refused(JSON.parse(`{"a":{"${key}":{"x":1}}}`)).field).toBe(`a.${key}`);
  });

  it('refuses a NUL byte in a query parameter', () => {
    expect(refusal({ cursor: 'abc\u0000' }, query)).toContain('cursor');
  });

  it.each<[string, string]>([
    ['lone high surrogate', 'abc\uD83D'],
    ['lone high surrogate mid-string', 'a\uD83Db'],
    ['lone low surrogate', '\uDE00abc'],
    ['reversed pair', '\uDE00\uD83D'],
  ])('refuses a %s', (_case, text) => {
    const message = refusal({ title: text });
    expect(message).toContain('title');
  });

  it('refuses U+FFFD, which is what bytes that were not UTF-8 decode to, naming the field', () => {
    const error = refused({ unit: { name: 'Ti\uFFFDng' } });
    expect(error.field).toBe('unit.name');
    expect(error.message).toMatch(/UTF-8/);
  });

  it('accepts a valid surrogate pair (emoji) unchanged', () => {
    expect(pipe.transform({ title: 'Lan tỏa 😀🇻🇳' }, body)).toEqual({ title: 'Lan tỏa 😀🇻🇳' });
  });

  it('refuses a field name with a NUL byte or lone surrogate', () => {
    expect(refusal({ ['na\u0000me']: 'x' })).toMatch(/field name/);
    expect(refusal({ nested: { ['\uD800']: 'x' } })).toMatch(/nested/);
  });

  it('leaves route params untouched', () => {
    const raw = `1\u0000${NFD}\uD800`;
    expect(pipe.transform(raw, param)).toBe(raw);
    expect(pipe.transform(raw, { type: 'custom' })).toBe(raw);
  });

  it('accepts nesting up to eight levels and refuses deeper', () => {
    expect(pipe.transform(nested(8), body)).toEqual(nested(8));
    expect(refusal(nested(9))).toMatch(/nested too deeply/);
  });

  it('counts arrays as nesting levels too', () => {
    let value: unknown = 'x';
    for (let i = 0; i < 20; i++) value = [value];
    expect(refusal({ list: value })).toMatch(/nested too deeply/);
  });

  class SomeDto {
    name?: string;
  }

  it.each<[string, unknown]>([
    ['null', null],
    ['no body', undefined],
    ['an array', [{ name: 'x' }]],
    ['a string', 'name=x'],
    ['a number', 5],
  ])('refuses %s where the route takes a DTO, naming body', (_case, value) => {
    const error = refused(value, { type: 'body', metatype: SomeDto });
    expect(error.field).toBe('body');
    expect(error.message).toMatch(/JSON object/);
  });

  it('takes an object where the route takes a DTO, and leaves bodies typed unknown to their own checks', () => {
    expect(pipe.transform({ name: 'x' }, { type: 'body', metatype: SomeDto })).toEqual({ name: 'x' });
    expect(pipe.transform(null, { type: 'body', metatype: Object })).toBeNull();
    expect(pipe.transform('x', { type: 'body', metatype: String, data: 'name' })).toBe('x');
  });

  it('passes numbers, booleans, null and undefined through', () => {
    expect(pipe.transform(5, body)).toBe(5);
    expect(pipe.transform(false, body)).toBe(false);
    expect(pipe.transform(null, body)).toBeNull();
    expect(pipe.transform(undefined, query)).toBeUndefined();
  });
});
