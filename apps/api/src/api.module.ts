import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { AccessModule } from '@app/access';
import { AuditModule } from '@app/audit';
import { ConfigModule } from '@app/config';
import { IdentityModule } from '@app/identity';
import { OrganisationModule } from '@app/organisation';
import { PersistenceModule } from '@app/persistence';
import { QueueModule } from '@app/queue-contracts';
import { LoggingModule } from '@app/runtime';
import { AuditController } from './audit.controller';
import { AuthController } from './auth.controller';
import { FirstAdminSeeder } from './first-admin.seeder';
import { HealthController } from './health.controller';
import { AccessGuard } from './http/access.guard';
import { ApiExceptionFilter } from './http/api-exception.filter';
import { JobsController } from './jobs.controller';
import { OrgUnitsController } from './org-units.controller';
import { TeamsController } from './teams.controller';
import { UsersController } from './users.controller';

@Module({
  imports: [
    ConfigModule,
    LoggingModule,
    PersistenceModule,
    QueueModule,
    AccessModule,
    AuditModule,
    OrganisationModule,
    IdentityModule,
  ],
  controllers: [
    HealthController,
    AuthController,
    OrgUnitsController,
    UsersController,
    TeamsController,
    JobsController,
    AuditController,
  ],
  providers: [
    { provide: APP_GUARD, useClass: AccessGuard },
    { provide: APP_FILTER, useClass: ApiExceptionFilter },
    FirstAdminSeeder,
  ],
})
export class ApiModule {}
