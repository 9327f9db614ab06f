import { IdentityError, IdentityErrorCode } from './identity.errors';
import { IMPORT_COLUMNS, parseImport } from './user-import.service';

const HEADER = 'username,fullName,orgUnitCode,roles,password';

function refusal(csv: string): IdentityError {
  try {
    parseImport(csv);
  } catch (error) {
    expect(error).toBeInstanceOf(IdentityError);
    return error as IdentityError;
  }
  throw new Error(`parseImport accepted ${JSON.stringify(csv)}`);
}

describe('parseImport', () => {
  it('documents the header it expects', () => {
    expect(IMPORT_COLUMNS.join(',')).toBe(HEADER);
  });

  it('reads a good file into one record per row, by column name', () => {
    const csv = [HEADER, 'an.nguyen,Nguyễn Văn An,CB1,collaborator,password-1', 'binh,Trần Bình,CB2,secretariat|leader,password-2'].join('\n');
    expect(parseImport(csv)).toEqual([
      { row: 2, username: 'an.nguyen', fullName: 'Nguyễn Văn An', orgUnitCode: 'CB1', roles: 'collaborator', password: 'password-1' },
      { row: 3, username: 'binh', fullName: 'Trần Bình', orgUnitCode: 'CB2', roles: 'secretariat|leader', password: 'password-2' },
    ]);
  });

  it('accepts Windows line endings, a trailing newline and blank lines, counting blank lines as rows', () => {
    const csv = `${HEADER}\r\nan,An,CB1,collaborator,password-1\r\n\r\nbinh,Bình,CB1,collaborator,password-2\r\n\r\n`;
    expect(parseImport(csv).map((row) => [row.row, row.username])).toEqual([
      [2, 'an'],
      [4, 'binh'],
    ]);
  });

  it('numbers rows after blank lines before the header', () => {
    expect(parseImport(`\n\n${HEADER}\nan,An,CB1,collaborator,password-1`).map((row) => row.row)).toEqual([4]);
  });

  it('counts a quoted cell spanning lines as one row, as a spreadsheet shows it', () => {
    const csv = [HEADER, 'an,"Hai\nDòng",CB1,collaborator,password-1', 'binh,Bình,CB1,collaborator,password-2'].join('\n');
    expect(parseImport(csv).map((row) => [row.row, row.fullName])).toEqual([
      [2, 'Hai\nDòng'],
      [3, 'Bình'],
    ]);
  });

  it('keeps a row of empty cells, for the row check to report', () => {
    expect(parseImport(`${HEADER}\n,,,,`)).toEqual([
      { row: 2, username: '', fullName: '', orgUnitCode: '', roles: '', password: '' },
    ]);
  });

  it('ignores a UTF-8 byte order mark before the header', () => {
    const rows = parseImport(`\uFEFF${HEADER}\nan,An,CB1,collaborator,password-1`);
    expect(rows).toEqual([
      { row: 2, username: 'an', fullName: 'An', orgUnitCode: 'CB1', roles: 'collaborator', password: 'password-1' },
    ]);
  });

  it('reads quoted Vietnamese names with commas and doubled quotes', () => {
    const csv = [
      HEADER,
      'hoa,"Lê Thị Hoa, Bí thư",CB1,"collaborator,leader",password-1',
      'tuan,"Phạm ""Tuấn"" Anh",CB1,collaborator,password-2',
    ].join('\n');
    expect(parseImport(csv)).toEqual([
      { row: 2, username: 'hoa', fullName: 'Lê Thị Hoa, Bí thư', orgUnitCode: 'CB1', roles: 'collaborator,leader', password: 'password-1' },
      { row: 3, username: 'tuan', fullName: 'Phạm "Tuấn" Anh', orgUnitCode: 'CB1', roles: 'collaborator', password: 'password-2' },
    ]);
  });

  it('fills missing trailing cells with empty strings, for the row check to report', () => {
    expect(parseImport(`${HEADER}\nan,An`)).toEqual([
      { row: 2, username: 'an', fullName: 'An', orgUnitCode: '', roles: '', password: '' },
    ]);
  });

  it('accepts a header with no rows', () => {
    expect(parseImport(`${HEADER}\n`)).toEqual([]);
  });

  it.each<[string, string]>([
    ['an empty file', ''],
    ['only a byte order mark', '\uFEFF'],
    ['no header', 'an,An,CB1,collaborator,password-1'],
    ['columns in another order', 'fullName,username,orgUnitCode,roles,password\nAn,an,CB1,collaborator,password-1'],
    ['a missing column', 'username,fullName,orgUnitCode,roles\nan,An,CB1,collaborator'],
    ['an extra column', `${HEADER},email\nan,An,CB1,collaborator,password-1,a@b.c`],
    ['a header in another case', 'Username,FullName,OrgUnitCode,Roles,Password\nan,An,CB1,collaborator,password-1'],
    ['a semicolon-separated header', 'username;fullName;orgUnitCode;roles;password'],
  ])('refuses %s as a bad header on file', (_case, csv) => {
    const error = refusal(csv);
    expect(error.code).toBe(IdentityErrorCode.InvalidImportFile);
    expect(error.field).toBe('file');
    expect(error.message).toContain(HEADER);
  });

  it.each<[string, string]>([
    ['an unclosed quote', `${HEADER}\nan,"Nguyễn Văn An,CB1,collaborator,password-1\nbinh,Bình,CB1,collaborator,password-2`],
    ['text after a closing quote', `${HEADER}\nan,"Nguyễn"Văn,CB1,collaborator,password-1`],
  ])('refuses broken CSV (%s) on file', (_case, csv) => {
    const error = refusal(csv);
    expect(error.code).toBe(IdentityErrorCode.InvalidImportFile);
    expect(error.field).toBe('file');
    expect(error.message).toMatch(/^file /);
  });

  it('refuses more than 20000 rows', () => {
    const rows = Array.from({ length: 20_001 }, (_, i) => `u${i},N,CB1,collaborator,password-1`);
    const error = refusal([HEADER, ...rows].join('\n'));
    expect(error.field).toBe('file');
    expect(error.message).toContain('20000');
  });

  it('accepts exactly 20000 rows', () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `u${i},N,CB1,collaborator,password-1`);
    expect(parseImport([HEADER, ...rows].join('\n'))).toHaveLength(20_000);
  });
});
