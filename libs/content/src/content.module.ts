import { Module } from '@nestjs/common';
import { AccessModule } from '@app/access';
import { AuditModule } from '@app/audit';
import { FigureChangesModule } from '@app/stats';
import { ContentsRepository } from './contents.repository';
import { ContentsService } from './contents.service';

@Module({
  imports: [AccessModule, AuditModule, FigureChangesModule],
  providers: [ContentsService, ContentsRepository],
  exports: [ContentsService],
})
export class ContentModule {}
