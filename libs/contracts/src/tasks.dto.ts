import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsObject, IsOptional, IsString, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { IsId } from './ids';
import { IsGivenInstant } from './instant';
import { Page, PageQueryDto } from './pagination';
import { PatchBody } from './patch-body';
import { SearchText } from './search-text';
import { OptionalId, OptionalYear } from './query-filters';
import { Agrees, CountProperty, IdProperty, NullableTextProperty, pageSchemaOf, TextProperty, ViewProperty } from './views/view-properties';

// Tasks and their assignments.

export const TASK_KINDS = ['share', 'interact', 'write', 'report_page', 'survey', 'other'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

export class TaskAssigneesDto {
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10_000)
  @ArrayUnique()
  @IsId('assignees.userIds', { each: true })
  userIds?: string[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @ArrayUnique()
  @IsId('assignees.teamIds', { each: true })
  teamIds?: string[];

  @ApiPropertyOptional({ type: [String], description: 'every active user in each unit’s subtree' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @ArrayUnique()
  @IsId('assignees.orgUnitIds', { each: true })
  orgUnitIds?: string[];
}

export class CreateTaskDto {
  @ApiProperty({ example: 'Chia sẻ bài viết về Nghị quyết' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  title: string;

  @ApiProperty({ enum: TASK_KINDS })
  @IsIn(TASK_KINDS, { message: `kind must be one of ${TASK_KINDS.join(', ')}` })
  kind: TaskKind;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  instructions?: string;

  @OptionalId('contentId')
  contentId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  targetUrl?: string;

  @ApiPropertyOptional({ example: '2024-03-05T17:00:00+07:00' })
  @IsOptional()
  @IsGivenInstant('dueAt')
  dueAt?: string;

  @ApiProperty({ type: TaskAssigneesDto })
  @IsObject()
  @ValidateNested()
  @Type(() => TaskAssigneesDto)
  assignees: TaskAssigneesDto;
}

export const ASSIGNMENT_STATUSES = ['assigned', 'done', 'declined'] as const;
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];

export class ListTasksQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['open', 'closed'] })
  @IsOptional()
  @IsIn(['open', 'closed'])
  status?: 'open' | 'closed';

  @ApiPropertyOptional({ description: 'true: only open tasks past their due time; false: only the others' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'overdue must be true or false' })
  overdue?: boolean;

  @ApiPropertyOptional({ description: 'true: only tasks of units in the caller’s scope, whose progress they may follow (not tasks issued above them or given to them)' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'managed must be true or false' })
  managed?: boolean;

  /** Searches titles. */
  @SearchText()
  q?: string;
}

export class MyAssignmentsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ASSIGNMENT_STATUSES })
  @IsOptional()
  @IsIn(ASSIGNMENT_STATUSES, { message: `status must be one of ${ASSIGNMENT_STATUSES.join(', ')}` })
  status?: AssignmentStatus;
}

/** GET /assignments: the drill-down behind `participations`. */
export class ListAssignmentsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ASSIGNMENT_STATUSES })
  @IsOptional()
  @IsIn(ASSIGNMENT_STATUSES, { message: `status must be one of ${ASSIGNMENT_STATUSES.join(', ')}` })
  status?: AssignmentStatus;

  @OptionalYear({ description: 'completed (completedAt) in this year (ORG_TIMEZONE); only done assignments have one' })
  year?: number;

  @OptionalId('orgUnitId', { description: 'stamped with the assignee’s unit in this subtree (404 outside the caller’s scope)' })
  orgUnitId?: string;
}

@PatchBody()
export class UpdateAssignmentDto {
  @ApiProperty({ enum: ['done', 'declined'] })
  @IsIn(['done', 'declined'], { message: 'status must be done or declined' })
  status: 'done' | 'declined';
}

/** A task's assignments in one subtree: all of them, and the done and the declined among them. */
export interface TaskProgressCounts {
  assigned: number;
  done: number;
  declined: number;
}

/** A unit and its subtree's share of a task's assignments. */
export interface TaskUnitProgress extends TaskProgressCounts {
  orgUnitId: string;
  name: string;
}

/** GET /tasks/:id/progress/units: the unit shown, its totals, and a page of its child units. */
export interface TaskUnitProgressPage extends Page<TaskUnitProgress> {
  orgUnitId: string;
  name: string;
  total: TaskProgressCounts;
  direct: TaskProgressCounts;
}

/** Someone given a task who has not acted on it yet, with the unit the assignment counts in. */
export interface PendingAssignee {
  assignmentId: string;
  userId: string;
  fullName: string;
  username: string;
  orgUnitId: string;
  unitName: string;
}

/** POST /tasks/assignee-count: whom a task would be given to, as POST /tasks names them. */
export class CountAssigneesDto {
  @ApiProperty({ type: TaskAssigneesDto })
  @IsObject()
  @ValidateNested()
  @Type(() => TaskAssigneesDto)
  assignees: TaskAssigneesDto;
}

/** GET /tasks/:id/progress/units and /tasks/:id/pending: a page within one unit's subtree. */
export class TaskProgressQueryDto extends PageQueryDto {
  @OptionalId('orgUnitId', { description: 'the unit whose subtree is shown (404 outside the caller’s scope)' })
  orgUnitId?: string;
}

@ApiSchema({ name: 'AssigneeCount', description: 'How many people a task would be given to now' })
export class AssigneeCountSchema {
  @CountProperty({ description: 'distinct active users, exactly those the fan-out would assign now' }) people: number;
}

@ApiSchema({ name: 'TaskProgressCounts', description: 'A task’s assignments in a subtree' })
export class TaskProgressCountsSchema {
  @CountProperty({ description: 'every assignment, whatever its status' }) assigned: number;
  @CountProperty({ description: 'of those, done' }) done: number;
  @CountProperty({ description: 'of those, declined' }) declined: number;
}

@ApiSchema({ name: 'TaskUnitProgress', description: 'A unit and its subtree’s share of a task’s assignments' })
export class TaskUnitProgressSchema extends TaskProgressCountsSchema {
  @IdProperty() orgUnitId: string;
  @TextProperty() name: string;
}

@ApiSchema({
  name: 'TaskUnitProgressPage',
  description: 'A task’s progress in a unit: its subtree’s totals, those of its own members, and a page of its child units holding assignments',
})
export class TaskUnitProgressPageSchema {
  @IdProperty({ description: 'the unit shown' }) orgUnitId: string;
  @TextProperty() name: string;
  @ViewProperty(() => TaskProgressCountsSchema, { description: 'the whole subtree' }) total: TaskProgressCountsSchema;
  @ViewProperty(() => TaskProgressCountsSchema, { description: 'assignees sitting in the unit itself, not below it' }) direct: TaskProgressCountsSchema;
  @ViewProperty(() => TaskUnitProgressSchema, { isArray: true, description: 'child units by Vietnamese name, each with its subtree’s counts' })
  items: TaskUnitProgressSchema[];
  @NullableTextProperty({ description: 'pass as ?cursor= for the next page; null on the last page', example: null }) nextCursor: string | null;
}

@ApiSchema({ name: 'PendingAssignee', description: 'Someone given a task who has neither done nor declined it' })
export class PendingAssigneeSchema {
  @IdProperty() assignmentId: string;
  @IdProperty() userId: string;
  @TextProperty() fullName: string;
  @TextProperty() username: string;
  @IdProperty({ description: 'the unit the assignment counts in (the assignee’s at fan-out)' }) orgUnitId: string;
  @TextProperty() unitName: string;
}

export const PendingAssigneePageSchema = pageSchemaOf(PendingAssigneeSchema, 'PendingAssigneePage');

const agreement: [
  Agrees<TaskProgressCountsSchema, TaskProgressCounts>,
  Agrees<TaskUnitProgressSchema, TaskUnitProgress>,
  Agrees<TaskUnitProgressPageSchema, TaskUnitProgressPage>,
  Agrees<PendingAssigneeSchema, PendingAssignee>,
] = [true, true, true, true];
void agreement;
