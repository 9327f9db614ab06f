import type { JobResults, UserImportRowError } from '@app/queue-contracts';

export type ImportResult = JobResults['users.import'];
export type RejectedRow = UserImportRowError;

/** The import file's columns, in order (SPEC: POST /users/import). */
export const IMPORT_COLUMNS = ['username', 'fullName', 'orgUnitCode', 'roles', 'password'] as const;

/** A spreadsheet opens a UTF-8 file with its BOM as UTF-8: Vietnamese names stay readable. */
const BOM = '\uFEFF';

/** One CSV cell, quoted when it holds a separator, a quote or a line break. */
export function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

const csvLine = (cells: readonly string[]) => cells.map(csvCell).join(',');

/** The template to fill in: the header and one example row. */
export function templateCsv(): string {
  return `${BOM}${csvLine(IMPORT_COLUMNS)}\r\n${csvLine(['nguyen.van.a', 'Nguyễn Văn A', 'MA-DON-VI', 'collaborator', 'mat-khau-8-ky-tu'])}\r\n`;
}

/**
 * The refused rows as a file to fix and import again: the template's columns, the password left
 * empty (it is never stored in the job's result), and the reason last, which the import ignores.
 */
export function rejectedRowsCsv(rows: readonly RejectedRow[], reasonOf: (row: RejectedRow) => string, reasonColumn = 'reason'): string {
  const lines = rows.map((row) => csvLine([row.username ?? '', row.fullName, row.orgUnitCode, row.roles, '', reasonOf(row)]));
  return `${BOM}${[csvLine([...IMPORT_COLUMNS, reasonColumn]), ...lines].join('\r\n')}\r\n`;
}

/** The finished import job's result, read from GET /jobs/:id (documented there as any object). */
export function importResultOf(result: Record<string, unknown> | null | undefined): ImportResult | null {
  if (!result || !Array.isArray(result.errors)) return null;
  const counts = [result.created, result.unchanged, result.failed];
  return counts.every((n) => typeof n === 'number') ? (result as unknown as ImportResult) : null;
}
