import { Module } from '@nestjs/common';
import { AccessModule } from '@app/access';
import { AuditModule } from '@app/audit';
import { StatsModule } from '@app/stats';
import { ContentsRepository } from './contents.repository';
import { ContentsService } from './contents.service';

@Module({
  imports: [AccessModule, AuditModule, StatsModule],
  providers: [ContentsService, ContentsRepository],
  exports: [ContentsService],
})
export class ContentModule {}
