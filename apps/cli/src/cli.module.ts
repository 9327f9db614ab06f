import { Module } from '@nestjs/common';
import { AccessModule } from '@app/access';
import { AuditModule } from '@app/audit';
import { ConfigModule } from '@app/config';
import { IdentityModule } from '@app/identity';
import { OrganisationModule } from '@app/organisation';
import { PersistenceModule } from '@app/persistence';
import { QueueModule } from '@app/queue-contracts';
import { StatsModule } from '@app/stats';

/** The admin CLI's context: the same services as the apps, acting as the system. */
@Module({
  imports: [ConfigModule, PersistenceModule, QueueModule, AccessModule, AuditModule, OrganisationModule, IdentityModule, StatsModule],
})
export class CliModule {}
