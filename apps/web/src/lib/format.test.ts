import { describe, expect, it } from 'vitest';
import { firstHttpUrl, formatDate, formatDateTime, formatNumber, nfc, numberSeparators, safeHttpUrl } from './format';

describe('formatters', () => {
  it('formats numbers in vi-VN with a dot for thousands, in English with a comma', () => {
    expect(formatNumber(1064)).toBe('1.064');
    expect(formatNumber(12350, 'vi')).toBe('12.350');
    expect(formatNumber(1064, 'en')).toBe('1,064');
  });

  it('gives number inputs the separators of the language', () => {
    expect(numberSeparators('vi')).toEqual({ thousandSeparator: '.', decimalSeparator: ',' });
    expect(numberSeparators('en')).toEqual({ thousandSeparator: ',', decimalSeparator: '.' });
  });

  it('writes dates dd/mm/yyyy in the organisation zone', () => {
    // 23:50 on 31 December in Hà Nội is still 2023 there, though 2023-12-31T16:50Z.
    expect(formatDate('2023-12-31T16:50:00Z')).toBe('31/12/2023');
    expect(formatDate('2023-12-31T17:10:00Z')).toBe('01/01/2024');
    expect(formatDateTime('2024-03-01T02:30:00Z')).toBe('01/03/2024 09:30');
  });

  it('normalises typed text to NFC', () => {
    const nfd = 'Nguyễn'.normalize('NFD');
    expect(nfd.length).toBe(8);
    expect(nfc(` ${nfd} `)).toBe('Nguyễn');
    expect(nfc(nfd).length).toBe(6);
  });

  it('opens only http and https links', () => {
    expect(safeHttpUrl('javascript:alert(1)')).toBeNull();
    expect(safeHttpUrl('data:text/html,<b>x</b>')).toBeNull();
    expect(safeHttpUrl('not a url')).toBeNull();
    expect(safeHttpUrl('https://facebook.com/post/1')).toBe('https://facebook.com/post/1');
    expect(firstHttpUrl('', 'Xem bài này https://zalo.me/p/1 nhé')).toBe('https://zalo.me/p/1');
  });
});
