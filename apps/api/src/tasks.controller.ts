import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor } from '@app/access';
import {
  CreateTaskDto,
  DEFAULT_PAGE_SIZE,
  ListAssignmentsQueryDto,
  ListTasksQueryDto,
  MyAssignmentsQueryDto,
  UpdateAssignmentDto,
} from '@app/contracts';
import { TasksService } from '@app/tasks';
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
  create(@CurrentActor() actor: Actor, @Body() body: CreateTaskDto) {
    return this.tasks.create(actor, body);
  }

  @Requires('tasks:read')
  @Get('tasks')
  list(@CurrentActor() actor: Actor, @Query() query: ListTasksQueryDto) {
    return this.tasks.list(actor, { ...query, limit: query.limit ?? DEFAULT_PAGE_SIZE });
  }

  @Requires('tasks:read')
  @Get('tasks/:id')
  get(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.tasks.get(actor, id);
  }

  @Requires('tasks:write')
  @Post('tasks/:id/close')
  @HttpCode(200)
  close(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.tasks.close(actor, id);
  }

  @Requires('assignments:own')
  @Get('me/assignments')
  myAssignments(@CurrentActor() actor: Actor, @Query() query: MyAssignmentsQueryDto) {
    return this.tasks.myAssignments(actor, { ...query, limit: query.limit ?? DEFAULT_PAGE_SIZE });
  }

  /** The drill-down behind `participations`: ?status=done&year=&orgUnitId= (assignee's unit at fan-out). */
  @Requires('assignments:read')
  @Get('assignments')
  listAssignments(@CurrentActor() actor: Actor, @Query() query: ListAssignmentsQueryDto) {
    return this.tasks.listAssignments(actor, { ...query, limit: query.limit ?? DEFAULT_PAGE_SIZE });
  }

  @Requires('assignments:own')
  @Patch('assignments/:id')
  updateAssignment(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: UpdateAssignmentDto) {
    return this.tasks.updateAssignment(actor, id, body.status);
  }
}
