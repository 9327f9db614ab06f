import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessModule } from '@app/access';
import { AuditModule } from '@app/audit';
import { OrgUnitEntity } from './entities/org-unit.entity';
import { OrgUnitsService } from './org-units.service';

@Module({
  imports: [TypeOrmModule.forFeature([OrgUnitEntity]), AccessModule, AuditModule],
  providers: [OrgUnitsService],
  exports: [OrgUnitsService],
})
export class OrganisationModule {}
