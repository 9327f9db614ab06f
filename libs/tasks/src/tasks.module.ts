import { Module } from '@nestjs/common';
import { AccessModule } from '@app/access';
import { AuditModule } from '@app/audit';
import { ContentModule } from '@app/content';
import { StatsModule } from '@app/stats';
import { TasksService } from './tasks.service';

@Module({
  imports: [AccessModule, AuditModule, ContentModule, StatsModule],
  providers: [TasksService],
  exports: [TasksService],
})
export class TasksModule {}
