import {
  describeChange,
  formatDate,
  formatDateTime,
  formatMonth,
  formatNumber,
  formatPercent,
  formatSignedNumber,
} from './vietnamese-format';

describe('Vietnamese number formats', () => {
  it.each<[number, string]>([
    [0, '0'],
    [7, '7'],
    [83, '83'],
    [999, '999'],
    [1000, '1.000'],
    [1064, '1.064'],
    [2490, '2.490'],
    [12350, '12.350'],
    [13984, '13.984'],
    [10_000_000, '10.000.000'],
    [1_234_567_890, '1.234.567.890'],
    [-1064, '-1.064'],
    [1064.4, '1.064'],
  ])('formatNumber(%p) is %p', (value, expected) => {
    expect(formatNumber(value)).toBe(expected);
  });

  it.each<[number, string]>([
    [12, '+12'],
    [1064, '+1.064'],
    [-1064, '-1.064'],
    [-3, '-3'],
    [0, '0'],
  ])('formatSignedNumber(%p) is %p', (value, expected) => {
    expect(formatSignedNumber(value)).toBe(expected);
  });

  it.each<[number, string]>([
    [102, 'tăng 102'],
    [1064, 'tăng 1.064'],
    [-12350, 'giảm 12.350'],
    [-1, 'giảm 1'],
    [0, 'không thay đổi'],
  ])('describeChange(%p) is %p', (value, expected) => {
    expect(describeChange(value)).toBe(expected);
  });

  it.each<[number, number, string]>([
    [1, 3, '33,3%'],
    [2, 2, '100%'],
    [1, 8, '12,5%'],
    [0, 0, '0%'],
    [0, 5, '0%'],
  ])('formatPercent(%p, %p) is %p', (part, whole, expected) => {
    expect(formatPercent(part, whole)).toBe(expected);
  });
});

describe('Vietnamese date formats', () => {
  const HANOI = 'Asia/Ho_Chi_Minh';

  it.each<[string, string, string]>([
    // 18:00Z on New Year's Eve is already 1 January in Hà Nội.
    ['2023-12-31T18:00:00Z', HANOI, '01/01/2024'],
    ['2023-12-31T16:59:59Z', HANOI, '31/12/2023'],
    ['2024-03-05T01:00:00Z', HANOI, '05/03/2024'],
    ['2023-12-31T18:00:00Z', 'UTC', '31/12/2023'],
  ])('formatDate(%s, %s) is %s', (instant, zone, expected) => {
    expect(formatDate(new Date(instant), zone)).toBe(expected);
  });

  it.each<[string, string, string]>([
    ['2023-12-31T18:00:00Z', HANOI, '01/01/2024 01:00'],
    ['2024-03-01T02:30:00Z', HANOI, '01/03/2024 09:30'],
    ['2024-03-01T16:05:00Z', HANOI, '01/03/2024 23:05'],
    ['2024-03-01T17:05:00Z', HANOI, '02/03/2024 00:05'],
  ])('formatDateTime(%s, %s) is %s', (instant, zone, expected) => {
    expect(formatDateTime(new Date(instant), zone)).toBe(expected);
  });

  it.each<[string, string]>([
    ['2023-01', '01/2023'],
    ['2023-12', '12/2023'],
    ['2023-03-01', '03/2023'],
  ])('formatMonth(%s) is %s', (month, expected) => {
    expect(formatMonth(month)).toBe(expected);
  });

  it('refuses what is not a month', () => {
    expect(() => formatMonth('March 2023')).toThrow('not a month');
  });
});
