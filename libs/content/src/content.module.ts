import { Module } from '@nestjs/common';
import { AccessModule } from '@app/access';
import { AuditModule } from '@app/audit';
import { StatsModule } from '@app/stats';
import { ContentsService } from './contents.service';

@Module({
  imports: [AccessModule, AuditModule, StatsModule],
  providers: [ContentsService],
  exports: [ContentsService],
})
export class ContentModule {}
