import { Module } from '@nestjs/common';
import { AccessModule } from '@app/access';
import { AuditModule } from '@app/audit';
import { ContentModule } from '@app/content';
import { NotificationsModule } from '@app/notifications';
import { FigureChangesModule } from '@app/stats';
import { TasksRepository } from './tasks.repository';
import { TasksService } from './tasks.service';

@Module({
  imports: [AccessModule, AuditModule, ContentModule, FigureChangesModule, NotificationsModule],
  providers: [TasksService, TasksRepository],
  exports: [TasksService],
})
export class TasksModule {}
