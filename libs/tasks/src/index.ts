export { AssignmentView, TaskAssignees, TaskView } from './task-views';
export { TaskError, TaskErrorCode } from './tasks.errors';
export { TasksModule } from './tasks.module';
export { AssignmentFilter, NewTask, ProgressQuery, TaskCompletion, TasksService } from './tasks.service';
