import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OrgUnitsRepository, OrgUnitsService } from '@app/organisation';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

export const ROOT_UNIT_CODE = 'ROOT';

/** Creates the first admin (and a root unit when the tree is empty) only while no active admin exists. */
@Injectable()
export class FirstAdminService {
  private readonly logger = new Logger(FirstAdminService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly users: UsersService,
    private readonly units: OrgUnitsService,
    private readonly usersRepository: UsersRepository,
    private readonly orgUnits: OrgUnitsRepository,
  ) {}

  /** Answers 'created', or 'exists' when an active admin was already there (nothing is changed then). */
  async ensure(username: string, password: string): Promise<'created' | 'exists'> {
    const unitId = await this.db.transaction(async (m) => {
      await this.usersRepository.lockSeeding(m);
      if (await this.users.hasActiveAdmin(m)) return null;
      const rootId = await this.orgUnits.findFirstRootId(m);
      return rootId ?? (await this.units.insert(m, { name: 'Tổ chức', code: ROOT_UNIT_CODE })).id;
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
