import { Module } from '@nestjs/common';
import { AccessModule } from '@app/access';
import { AuditModule } from '@app/audit';
import { FigureChangesModule } from '@app/stats';
import { DirectivesRepository } from './directives.repository';
import { DirectivesService } from './directives.service';

@Module({
  imports: [AccessModule, AuditModule, FigureChangesModule],
  providers: [DirectivesService, DirectivesRepository],
  exports: [DirectivesService],
})
export class DirectivesModule {}
