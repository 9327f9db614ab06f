import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessModule } from '@app/access';
import { AuditModule } from '@app/audit';
import { OrgUnitEntity } from './entities/org-unit.entity';
import { OrgUnitsRepository } from './org-units.repository';
import { OrgUnitsService } from './org-units.service';

@Module({
  imports: [TypeOrmModule.forFeature([OrgUnitEntity]), AccessModule, AuditModule],
  providers: [OrgUnitsService, OrgUnitsRepository],
  exports: [OrgUnitsService, OrgUnitsRepository],
})
export class OrganisationModule {}
