import { isInSpecYears } from './instant';

describe('isInSpecYears', () => {
  it.each<[string, boolean]>([
    ['2000-01-01T00:00:00Z', true],
    ['2000-01-01T07:00:00+07:00', true],
    ['2000-01-01T06:59:59+07:00', false],
    ['1999-12-31T23:59:59.999Z', false],
    ['2100-12-31T23:59:59.999999Z', true],
    ['2100-12-31T10:00:00-14:00', false],
    ['2101-01-01T00:00:00Z', false],
    ['0001-01-01T00:00:00+14:00', false],
    ['9999-12-31T23:59:59-14:00', false],
    ['2024-03-01T09:30+07:00', true],
  ])('%s → %s', (value, inside) => {
    expect(isInSpecYears(value)).toBe(inside);
  });

  it.each([undefined, null, 1709260200000, 'not a time', ''])('refuses %p', (value) => {
    expect(isInSpecYears(value)).toBe(false);
  });
});
