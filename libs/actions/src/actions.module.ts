import { Module } from '@nestjs/common';
import { AccessModule } from '@app/access';
import { ContentModule } from '@app/content';
import { FigureChangesModule } from '@app/stats';
import { TasksModule } from '@app/tasks';
import { ActionWriter } from './action-writer';
import { ActionsRepository } from './actions.repository';
import { ActionsService } from './actions.service';

@Module({
  imports: [AccessModule, ContentModule, FigureChangesModule, TasksModule],
  providers: [ActionWriter, ActionsService, ActionsRepository],
  exports: [ActionsService],
})
export class ActionsModule {}
