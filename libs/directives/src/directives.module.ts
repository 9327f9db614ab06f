import { Module } from '@nestjs/common';
import { AccessModule } from '@app/access';
import { AuditModule } from '@app/audit';
import { StatsModule } from '@app/stats';
import { DirectivesRepository } from './directives.repository';
import { DirectivesService } from './directives.service';

@Module({
  imports: [AccessModule, AuditModule, StatsModule],
  providers: [DirectivesService, DirectivesRepository],
  exports: [DirectivesService],
})
export class DirectivesModule {}
