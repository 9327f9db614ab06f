import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { parse } from 'csv-parse/sync';
import { DataSource } from 'typeorm';
import { AccessError, PolicyService, Role } from '@app/access';
import { AuditService } from '@app/audit';
import { CreateUserDto } from '@app/contracts';
import { OrganisationError, OrgUnitsService } from '@app/organisation';
import { JobExecution, JobProducer, JobResults, UserImportRowError } from '@app/queue-contracts';
import { IdentityError, IdentityErrorCode } from './identity.errors';
import { Caller, UsersService } from './users.service';

export const IMPORT_COLUMNS = ['username', 'fullName', 'orgUnitCode', 'roles', 'password'] as const;
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
const PROGRESS_EVERY = 25;

/** One row of the file by column name, with its row number as a spreadsheet shows it (header = 1). */
type ImportRow = Record<(typeof IMPORT_COLUMNS)[number], string> & { row: number };

/** Bulk creation of users from CSV, run as a job; good rows are kept, bad rows reported. */
@Injectable()
export class UserImportService {
  private readonly logger = new Logger(UserImportService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly users: UsersService,
    private readonly units: OrgUnitsService,
    private readonly policy: PolicyService,
    private readonly audit: AuditService,
    private readonly producer: JobProducer,
  ) {}

  /** Checks the file's shape, records the import job with the upload and queues it. */
  async request(actor: Caller, csv: string, requestId?: string): Promise<{ jobId: string }> {
    const rows = parseImport(csv).length;
    const job = await this.db.transaction(async (m) => {
      const recorded = await this.producer.record(m, 'users.import', { csv, requestId }, actor?.id ?? null);
      await this.audit.record(m, {
        actorId: actor?.id ?? null,
        actorRoles: actor?.roles,
        action: 'user.import.request',
        entityType: 'job',
        entityId: recorded.id,
        after: { bytes: Buffer.byteLength(csv), rows },
        requestId,
      });
      return recorded;
    });
    await this.producer.dispatch(job);
    return { jobId: job.id };
  }

  /** Runs an import job. Re-running it (a retry, or the same file again) creates nobody twice. */
  async run(execution: JobExecution<'users.import'>, caller: Caller): Promise<JobResults['users.import']> {
    const result = await this.importCsv(caller, execution.payload.csv, execution.payload.requestId, execution.reportProgress);
    this.logger.log({ jobId: execution.id, ...result, errors: result.errors.length }, 'user import finished');
    return result;
  }

  /** Imports every row of a file now (the admin CLI; the job above). */
  async importCsv(
    caller: Caller,
    csv: string,
    requestId?: string,
    reportProgress: (done: number, total: number) => Promise<void> = async () => undefined,
  ): Promise<JobResults['users.import']> {
    const rows = parseImport(csv);
    const result: JobResults['users.import'] = { created: 0, unchanged: 0, failed: 0, errors: [] };
    for (const [index, row] of rows.entries()) {
      const outcome = await this.importRow(caller, row, row.row, requestId);
      if (outcome === 'created') result.created++;
      else if (outcome === 'unchanged') result.unchanged++;
      else {
        result.failed++;
        result.errors.push(outcome);
      }
      if ((index + 1) % PROGRESS_EVERY === 0) await reportProgress(index + 1, rows.length);
    }
    await reportProgress(rows.length, rows.length);
    return result;
  }

  private async importRow(
    caller: Caller,
    raw: ImportRow,
    line: number,
    requestId?: string,
  ): Promise<'created' | 'unchanged' | UserImportRowError> {
    const fail = (field: string, message: string): UserImportRowError => ({
      row: line,
      username: echoed(raw.username) || undefined,
      fullName: echoed(raw.fullName.normalize('NFC')),
      orgUnitCode: echoed(raw.orgUnitCode),
      roles: echoed(raw.roles),
      field,
      message: message.slice(0, MAX_MESSAGE),
    });
    const tooLong = IMPORT_COLUMNS.find((column) => raw[column].length > CELL_LIMITS[column]);
    if (tooLong) return fail(tooLong, `${tooLong} must be at most ${CELL_LIMITS[tooLong]} characters`);
    const roles = raw.roles.split(/[\s|;,]+/).filter(Boolean) as Role[];
    const fullName = raw.fullName.normalize('NFC');
    const unit = raw.orgUnitCode ? await this.units.findByCode(raw.orgUnitCode) : null;
    if (!unit || (caller && !(await this.policy.isInScope(this.policy.scopeOf(caller), unit.id)))) {
      return fail('orgUnitCode', `orgUnitCode "${echoed(raw.orgUnitCode)}" does not name a unit you can see`);
    }
    const input = { username: raw.username, password: raw.password, fullName, orgUnitId: unit.id, roles };
    const invalid = validateSync(plainToInstance(CreateUserDto, input), { stopAtFirstError: true })[0];
    if (invalid) {
      return fail(invalid.property, Object.values(invalid.constraints ?? {})[0] ?? `${invalid.property} is invalid`);
    }
    const existing = await this.users.findByUsername(raw.username);
    if (existing) {
      const same =
        existing.fullName === fullName &&
        existing.orgUnitId === unit.id &&
        [...existing.roles].sort().join() === [...roles].sort().join();
      return same ? 'unchanged' : fail('username', `username "${echoed(raw.username)}" already exists with other details`);
    }
    try {
      await this.users.create(caller, input, requestId);
      return 'created';
    } catch (error) {
      if (error instanceof IdentityError && error.code === IdentityErrorCode.UsernameTaken) return 'unchanged';
      if (error instanceof IdentityError || error instanceof AccessError || error instanceof OrganisationError) {
        return fail(error.field ?? 'row', error.message);
      }
      throw error;
    }
  }
}

// A row's error echoes what the row said, cut: a 5 MB username must not come back whole
// in the job's result (and in every poll of it).
const ECHO_LIMIT = 200;
const MAX_MESSAGE = 300;
const echoed = (text: string) => (text.length > ECHO_LIMIT ? `${text.slice(0, ECHO_LIMIT)}…` : text);

/** The longest cell each column may hold: the users DTO's own limits, with room for a list of roles. */
const CELL_LIMITS: Record<(typeof IMPORT_COLUMNS)[number], number> = {
  username: 64,
  fullName: 200,
  orgUnitCode: 50,
  roles: 200,
  password: 256,
};

/** Parses and shape-checks an import file; a bad header or broken CSV is a 400 on `file`. */
export function parseImport(csv: string): ImportRow[] {
  let records: string[][];
  try {
    // Blank lines are dropped below rather than by the parser, so that row numbers still count them.
    records = parse(csv.replace(/^\uFEFF/, ''), { skip_empty_lines: false, trim: true, relax_column_count: true });
  } catch (error) {
    throw new IdentityError(IdentityErrorCode.InvalidImportFile, `file is not valid CSV: ${(error as Error).message}`, 'file');
  }
  const blank = (cells: string[]) => cells.length === 1 && cells[0] === '';
  let headerIndex = 0;
  while (headerIndex < records.length && blank(records[headerIndex])) headerIndex++;
  const [header, ...body] = records.slice(headerIndex);
  if (!header || header.join(',') !== IMPORT_COLUMNS.join(',')) {
    throw new IdentityError(
      IdentityErrorCode.InvalidImportFile,
      `file must start with the header ${IMPORT_COLUMNS.join(',')}`,
      'file',
    );
  }
  const rows = body.flatMap((cells, i) =>
    blank(cells)
      ? []
      : [{ ...Object.fromEntries(IMPORT_COLUMNS.map((c, j) => [c, cells[j] ?? ''])), row: headerIndex + i + 2 } as ImportRow],
  );
  if (rows.length > 20_000) {
    throw new IdentityError(IdentityErrorCode.InvalidImportFile, 'file may hold at most 20000 rows', 'file');
  }
  return rows;
}

