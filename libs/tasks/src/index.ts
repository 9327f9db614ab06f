export { AssignmentView, TaskAssignees, TaskView } from './task-views';
export { TaskError, TaskErrorCode } from './tasks.errors';
export { TasksModule } from './tasks.module';
export { NewTask, TaskCompletion, TasksService } from './tasks.service';
