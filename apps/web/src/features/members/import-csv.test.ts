import { describe, expect, it } from 'vitest';
import { csvCell, importResultOf, rejectedRowsCsv, templateCsv } from './import-csv';
import { generatePassword } from './password';

describe('the import files', () => {
  it('offers a template with the import header, UTF-8 with a BOM', () => {
    const template = templateCsv();
    expect(template.startsWith('\uFEFFusername,fullName,orgUnitCode,roles,password\r\n')).toBe(true);
    expect(template.split('\r\n').filter(Boolean)).toHaveLength(2);
  });

  it('quotes cells holding commas, quotes and line breaks', () => {
    expect(csvCell('Lê Thị Hoa, Bí thư')).toBe('"Lê Thị Hoa, Bí thư"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('Hai\nDòng')).toBe('"Hai\nDòng"');
    expect(csvCell('plain')).toBe('plain');
  });

  it('writes the refused rows with an empty password and the reason last', () => {
    const csv = rejectedRowsCsv(
      [
        { row: 3, username: 'imp.bad', fullName: 'Người Lạ', orgUnitCode: 'NOPE', roles: 'collaborator', field: 'orgUnitCode', message: 'x' },
        { row: 7, fullName: 'Lê Thị Hoa, Bí thư', orgUnitCode: 'CB1', roles: 'collaborator|leader', field: 'username', message: 'y' },
      ],
      (row) => `Dòng ${row.row}: ${row.field}`,
      'lyDo',
    );
    expect(csv).toBe(
      '\uFEFFusername,fullName,orgUnitCode,roles,password,lyDo\r\n' +
        'imp.bad,Người Lạ,NOPE,collaborator,,Dòng 3: orgUnitCode\r\n' +
        ',"Lê Thị Hoa, Bí thư",CB1,collaborator|leader,,Dòng 7: username\r\n',
    );
  });

  it('reads a finished import’s result and nothing else', () => {
    expect(importResultOf({ created: 1, unchanged: 0, failed: 0, errors: [] })).toEqual({ created: 1, unchanged: 0, failed: 0, errors: [] });
    expect(importResultOf({ fileId: 'x' })).toBeNull();
    expect(importResultOf(null)).toBeNull();
  });
});

describe('generatePassword', () => {
  it('gives long, different passwords without look-alike characters', () => {
    const a = generatePassword();
    expect(a).toMatch(/^[a-km-zA-HJ-NP-Z2-9]{14}$/);
    expect(generatePassword()).not.toBe(a);
  });
});
