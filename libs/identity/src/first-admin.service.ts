import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OrgUnitsService } from '@app/organisation';
import { UsersService } from './users.service';

// Serialises seeding when several API processes start at once.
const SEED_LOCK = 7_301_002;
export const ROOT_UNIT_CODE = 'ROOT';

/** Creates the first admin (and a root unit when the tree is empty) only while no active admin exists. */
@Injectable()
export class FirstAdminService {
  private readonly logger = new Logger(FirstAdminService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly users: UsersService,
    private readonly units: OrgUnitsService,
  ) {}

  /** Answers 'created', or 'exists' when an active admin was already there (nothing is changed then). */
  async ensure(username: string, password: string): Promise<'created' | 'exists'> {
    const unitId = await this.db.transaction(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK]);
      if (await this.users.hasActiveAdmin(m)) return null;
      const [root] = (await m.query(`SELECT id FROM org_units WHERE parent_id IS NULL ORDER BY id LIMIT 1`)) as {
        id: string;
      }[];
      return root?.id ?? (await this.units.insert(m, { name: 'Tổ chức', code: ROOT_UNIT_CODE })).id;
    });
    if (unitId === null) return 'exists';
    try {
      await this.users.create(null, { username, password, fullName: 'Quản trị viên', orgUnitId: unitId, roles: ['admin'] });
    } catch (error) {
      // Another process seeded the same admin between our check and insert.
      if (await this.users.hasActiveAdmin()) return 'exists';
      throw error;
    }
    this.logger.log({ username }, 'first admin created');
    return 'created';
  }
}
