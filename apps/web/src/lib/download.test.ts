import { describe, expect, it } from 'vitest';
import { fileNameOf } from './download';

describe('fileNameOf', () => {
  it.each([
    ['attachment; filename="ho-so-go-bo-trang-12.docx"', 'ho-so-go-bo-trang-12.docx'],
    ["attachment; filename=\"a.docx\"; filename*=UTF-8''h%E1%BB%93-s%C6%A1.docx", 'hồ-sơ.docx'],
    ['attachment; filename=plain.pdf', 'plain.pdf'],
    ['attachment; filename="../../etc/passwd"', 'passwd'],
    ['attachment', 'fallback.bin'],
    ['attachment; filename=""', 'fallback.bin'],
  ])('%s → %s', (header, name) => {
    expect(fileNameOf(header, 'fallback.bin')).toBe(name);
  });

  it('falls back without a header', () => {
    expect(fileNameOf(null, 'goi.docx')).toBe('goi.docx');
  });
});
