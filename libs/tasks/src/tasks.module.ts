import { Module } from '@nestjs/common';
import { AccessModule } from '@app/access';
import { AuditModule } from '@app/audit';
import { ContentModule } from '@app/content';
import { FigureChangesModule } from '@app/stats';
import { TasksRepository } from './tasks.repository';
import { TasksService } from './tasks.service';

@Module({
  imports: [AccessModule, AuditModule, ContentModule, FigureChangesModule],
  providers: [TasksService, TasksRepository],
  exports: [TasksService],
})
export class TasksModule {}
