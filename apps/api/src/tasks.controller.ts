import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor } from '@app/access';
import {
  ApiAnswers,
  AssigneeCountSchema,
  AssignmentPageSchema,
  AssignmentViewSchema,
  BY_ID,
  CountAssigneesDto,
  CreatedTaskViewSchema,
  CreateTaskDto,
  DEFAULT_PAGE_SIZE,
  JSON_BODY,
  ListAssignmentsQueryDto,
  ListTasksQueryDto,
  MyAssignmentsQueryDto,
  PendingAssigneePageSchema,
  QUERY,
  SIGNED_IN,
  SIGNED_IN_ANY_ROLE,
  TaskPageSchema,
  TaskProgressQueryDto,
  TaskUnitProgressPageSchema,
  TaskViewSchema,
  UpdateAssignmentDto,
} from '@app/contracts';
import { TasksService } from '@app/tasks';
import { IdParamPipe } from './http/id-param.pipe';
import { Requires } from './http/access.decorators';
import { CurrentActor } from './http/request-context';

@ApiTags('tasks')
@ApiBearerAuth()
@Controller()
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  /** Creates a task; its fan-out to assignments runs as a job (progress at GET /jobs/:fanOutJobId). */
  @Requires('tasks:write')
  @Post('tasks')
  @ApiAnswers({
    summary: 'Create a task; its assignments are made by a job (GET /jobs/{fanOutJobId})',
    status: 201,
    type: CreatedTaskViewSchema,
    errors: [...SIGNED_IN, ...JSON_BODY, 404],
  })
  create(@CurrentActor() actor: Actor, @Body() body: CreateTaskDto) {
    return this.tasks.create(actor, body);
  }

  /** The create form's "will be given to N people", before anything is written. */
  @Requires('tasks:write')
  @Post('tasks/assignee-count')
  @HttpCode(200)
  @ApiAnswers({
    summary: 'How many people a task naming these assignees would be given to now (writes nothing)',
    type: AssigneeCountSchema,
    errors: [...SIGNED_IN, ...JSON_BODY, 404],
  })
  countAssignees(@CurrentActor() actor: Actor, @Body() body: CountAssigneesDto) {
    return this.tasks.countAssignees(actor, body.assignees);
  }

  @Requires('tasks:read')
  @Get('tasks')
  @ApiAnswers({ summary: 'Tasks the caller can see', type: TaskPageSchema, errors: [...SIGNED_IN, ...QUERY] })
  list(@CurrentActor() actor: Actor, @Query() query: ListTasksQueryDto) {
    return this.tasks.list(actor, { ...query, limit: query.limit ?? DEFAULT_PAGE_SIZE });
  }

  @Requires('tasks:read')
  @Get('tasks/:id')
  @ApiAnswers({ summary: 'One task with its assignment counts', type: TaskViewSchema, errors: [...SIGNED_IN, ...BY_ID] })
  get(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: string) {
    return this.tasks.get(actor, id);
  }

  @Requires('tasks:write')
  @Post('tasks/:id/close')
  @HttpCode(200)
  @ApiAnswers({ summary: 'Close a task: no more completions count for it', type: TaskViewSchema, errors: [...SIGNED_IN, ...BY_ID, 409] })
  close(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: string) {
    return this.tasks.close(actor, id);
  }

  @Requires('tasks:write')
  @Get('tasks/:id/progress/units')
  @ApiAnswers({
    summary: 'A task’s progress in a unit (default: the one just above all its assignments): totals, and assigned/done/declined per child unit’s subtree',
    type: TaskUnitProgressPageSchema,
    errors: [...SIGNED_IN, ...BY_ID, ...QUERY],
  })
  unitProgress(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: string, @Query() query: TaskProgressQueryDto) {
    return this.tasks.unitProgress(actor, id, { ...query, limit: query.limit ?? DEFAULT_PAGE_SIZE });
  }

  @Requires('tasks:write')
  @Get('tasks/:id/pending')
  @ApiAnswers({
    summary: 'Who was given a task and has neither done nor declined it, by unit then name',
    type: PendingAssigneePageSchema,
    errors: [...SIGNED_IN, ...BY_ID, ...QUERY],
  })
  pending(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: string, @Query() query: TaskProgressQueryDto) {
    return this.tasks.pendingAssignees(actor, id, { ...query, limit: query.limit ?? DEFAULT_PAGE_SIZE });
  }

  @Requires('assignments:own')
  @Get('me/assignments')
  @ApiAnswers({
    summary: 'My assignments, newest first, each with its task',
    type: AssignmentPageSchema,
    errors: [...SIGNED_IN_ANY_ROLE, ...QUERY],
  })
  myAssignments(@CurrentActor() actor: Actor, @Query() query: MyAssignmentsQueryDto) {
    return this.tasks.myAssignments(actor, { ...query, limit: query.limit ?? DEFAULT_PAGE_SIZE });
  }

  /** The drill-down behind `participations`: ?status=done&year=&orgUnitId= (assignee's unit at fan-out). */
  @Requires('assignments:read')
  @Get('assignments')
  @ApiAnswers({
    summary: 'Assignments of the caller’s scope: with status=done, the rows behind participations',
    type: AssignmentPageSchema,
    errors: [...SIGNED_IN, ...QUERY, 404],
  })
  listAssignments(@CurrentActor() actor: Actor, @Query() query: ListAssignmentsQueryDto) {
    return this.tasks.listAssignments(actor, { ...query, limit: query.limit ?? DEFAULT_PAGE_SIZE });
  }

  @Requires('assignments:own')
  @Patch('assignments/:id')
  @ApiAnswers({
    summary: 'Mark my assignment done or declined (409 when the task is closed or the change not allowed)',
    type: AssignmentViewSchema,
    errors: [...SIGNED_IN_ANY_ROLE, ...BY_ID, ...JSON_BODY, 409],
  })
  updateAssignment(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: string, @Body() body: UpdateAssignmentDto) {
    return this.tasks.updateAssignment(actor, id, body.status);
  }
}
