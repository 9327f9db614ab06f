import { validateSync } from 'class-validator';
import { checkBatchEnvelope, checkBatchItem, checkLogAction } from './action-input.check';
import { InvalidInputError } from './invalid-input';
import { BatchActionItemDto, LogActionDto } from './actions.dto';

const good = {
  clientId: 'phone-1:42',
  type: 'share',
  platform: 'facebook',
  url: 'https://facebook.com/x',
  reach: 10,
  occurredAt: '2024-03-01T09:30:00+07:00',
  taskId: '12',
  contentId: '7',
};

/** What class-validator says of the same item: null when valid, else the first faulty property. */
function classValidatorVerdict(raw: Record<string, unknown>, dto: new () => object = BatchActionItemDto): string | null {
  const [error] = validateSync(Object.assign(new dto(), raw), {
    whitelist: true,
    forbidNonWhitelisted: true,
    stopAtFirstError: true,
  });
  return error ? error.property : null;
}

/** Items and what each should be told, by the hand-written checks and class-validator alike. */
const cases: [string, Record<string, unknown>][] = [
  ['a full item', good],
  ['the minimum', { clientId: 'c', type: 'comment', occurredAt: '2024-03-01T02:30Z' }],
  ['optional fields as null', { ...good, platform: null, url: null, reach: null, taskId: null, contentId: null }],
  ['microseconds and a negative offset', { ...good, occurredAt: '2024-03-01T09:30:00.123456-05:00' }],
  ['leap day', { ...good, occurredAt: '2024-02-29T00:00:00Z' }],
  ['an unknown field', { ...good, userId: '1' }],
  ['orgUnitId smuggled in', { ...good, orgUnitId: '1' }],
  ['no type', { ...good, type: undefined }],
  ['an unknown type', { ...good, type: 'like' }],
  ['a numeric type', { ...good, type: 1 }],
  ['an unknown platform', { ...good, platform: 'myspace' }],
  ['a numeric url', { ...good, url: 5 }],
  ['a 2049-character url', { ...good, url: `https://x.vn/${'a'.repeat(2036)}` }],
  ['reach as text', { ...good, reach: '5' }],
  ['fractional reach', { ...good, reach: 1.5 }],
  ['negative reach', { ...good, reach: -1 }],
  ['reach over ten million', { ...good, reach: 10_000_001 }],
  ['reach of exactly ten million', { ...good, reach: 10_000_000 }],
  ['no occurredAt', { ...good, occurredAt: undefined }],
  ['occurredAt without offset', { ...good, occurredAt: '2024-03-01T09:30:00' }],
  ['occurredAt as a date', { ...good, occurredAt: '2024-03-01' }],
  ['30 February', { ...good, occurredAt: '2024-02-30T09:30:00Z' }],
  ['hour 25', { ...good, occurredAt: '2024-03-01T25:00:00Z' }],
  ['offset +25:00', { ...good, occurredAt: '2024-03-01T09:30:00+25:00' }],
  ['occurredAt as a number', { ...good, occurredAt: 1709260200000 }],
  ['occurredAt in 1999', { ...good, occurredAt: '1999-12-31T23:59:59Z' }],
  ['occurredAt in year 1 at +14:00', { ...good, occurredAt: '0001-01-01T00:00:00+14:00' }],
  ['occurredAt in 2101', { ...good, occurredAt: '2101-01-01T00:00:00Z' }],
  ['occurredAt at the last moment of 2100', { ...good, occurredAt: '2100-12-31T23:59:59.999Z' }],
  ['taskId as a number', { ...good, taskId: 12 }],
  ['taskId with letters', { ...good, taskId: '12a' }],
  ['contentId too long', { ...good, contentId: '1'.repeat(19) }],
  ['no clientId', { ...good, clientId: undefined }],
  ['clientId with a space', { ...good, clientId: 'a b' }],
  ['clientId of 129 characters', { ...good, clientId: 'c'.repeat(129) }],
  ['clientId as a number', { ...good, clientId: 7 }],
];

describe('checkBatchItem agrees with BatchActionItemDto', () => {
  it.each(cases)('%s', (_, raw) => {
    const item = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined));
    const checked = checkBatchItem(item);
    const verdict = 'fault' in checked ? checked.fault.field : null;
    expect(verdict).toBe(classValidatorVerdict(item));
  });

  it('returns the item as a BatchActionItemDto when valid', () => {
    const checked = checkBatchItem(good);
    expect('item' in checked && checked.item instanceof BatchActionItemDto).toBe(true);
  });
});

describe('checkLogAction agrees with LogActionDto', () => {
  const single = ({ clientId: _clientId, ...action }: Record<string, unknown>) => action;
  /** The field checkLogAction names, or null when it accepts. */
  function verdict(raw: unknown): string | null {
    try {
      checkLogAction(raw);
      return null;
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidInputError);
      return (error as InvalidInputError).field;
    }
  }

  it.each(cases.filter(([name]) => !name.includes('clientId')))('%s', (_, raw) => {
    const action = Object.fromEntries(Object.entries(single(raw)).filter(([, v]) => v !== undefined));
    expect(verdict(action)).toBe(classValidatorVerdict(action, LogActionDto));
  });

  it('refuses a clientId, which only batch items carry', () => {
    expect(verdict(good)).toBe('clientId');
    expect(classValidatorVerdict(good, LogActionDto)).toBe('clientId');
  });

  it.each([['a string', 'x'], ['an array', [single(good)]], ['null', null]])('refuses %s as the body, naming body', (_, body) => {
    expect(verdict(body)).toBe('body');
  });

  it('returns the action as a LogActionDto when valid', () => {
    expect(checkLogAction(single(good))).toBeInstanceOf(LogActionDto);
  });
});

describe('checkBatchEnvelope', () => {
  it.each([
    ['not an object', 'x', 'body'],
    ['an array', [], 'body'],
    ['null', null, 'body'],
    ['no items', {}, 'items'],
    ['items not an array', { items: {} }, 'items'],
    ['an extra field', { items: [], userId: '1' }, 'userId'],
    ['501 items', { items: Array.from({ length: 501 }, () => ({})) }, 'items'],
    ['an item that is not an object', { items: [{}, 'x'] }, 'items'],
  ])('refuses %s, naming %s', (_, body, field) => {
    expect(() => checkBatchEnvelope(body)).toThrow(expect.objectContaining({ field }));
  });

  it('passes up to 500 objects through as they are', () => {
    const items = Array.from({ length: 500 }, (_, i) => ({ clientId: `c${i}` }));
    expect(checkBatchEnvelope({ items })).toBe(items);
  });
});
