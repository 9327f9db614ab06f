import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { ACTION_TYPES, ActionType, PLATFORM_NAMES, PlatformName } from '../actions.dto';
import { CONTENT_KINDS, ContentKind } from '../content.dto';
import { ASSIGNMENT_STATUSES, AssignmentStatus, TASK_KINDS, TaskKind } from '../tasks.dto';
import { ApiErrorSchema } from './api-error.dto';
import {
  CountProperty,
  EnumProperty,
  FlagProperty,
  IdListProperty,
  IdProperty,
  InstantProperty,
  NullableIdProperty,
  NullableInstantProperty,
  NullableTextProperty,
  pageSchemaOf,
  TextProperty,
  ViewProperty,
} from './view-properties';

@ApiSchema({ name: 'ContentView', description: 'A piece of content the organisation published' })
export class ContentViewSchema {
  @IdProperty() id: string;
  @EnumProperty(CONTENT_KINDS) kind: ContentKind;
  @TextProperty() title: string;
  @TextProperty({ format: 'uri' }) url: string;
  @InstantProperty() publishedAt: string;
  @IdProperty() orgUnitId: string;
  @CountProperty({ description: 'the latest recorded interaction count' }) interactions: number;
  @NullableIdProperty() createdBy: string | null;
  @InstantProperty() createdAt: string;
  @InstantProperty() updatedAt: string;
}

@ApiSchema({ name: 'TaskAssignees', description: 'Who a task was handed to: users, teams and units (their members)' })
export class TaskAssigneesSchema {
  @IdListProperty({ required: false }) userIds?: string[];
  @IdListProperty({ required: false }) teamIds?: string[];
  @IdListProperty({ required: false }) orgUnitIds?: string[];
}

@ApiSchema({ name: 'TaskView', description: 'A task with its assignment counts' })
export class TaskViewSchema {
  @IdProperty() id: string;
  @TextProperty() title: string;
  @EnumProperty(TASK_KINDS) kind: TaskKind;
  @NullableTextProperty({ description: 'plain text typed by a person: show it as text' }) instructions: string | null;
  @NullableIdProperty() contentId: string | null;
  @NullableTextProperty({ format: 'uri' }) targetUrl: string | null;
  @NullableInstantProperty() dueAt: string | null;
  @IdProperty() orgUnitId: string;
  @IdProperty() createdBy: string;
  @ViewProperty(() => TaskAssigneesSchema) assignees: TaskAssigneesSchema;
  @EnumProperty(['open', 'closed']) status: 'open' | 'closed';
  @EnumProperty(['pending', 'done'], { description: 'whether the assignments were made yet' }) fanOutStatus: 'pending' | 'done';
  @NullableInstantProperty() closedAt: string | null;
  @InstantProperty() createdAt: string;
  @FlagProperty({ description: 'open and past its due time' }) overdue: boolean;
  @CountProperty() assignmentCount: number;
  @CountProperty() doneCount: number;
  @CountProperty() declinedCount: number;
}

@ApiSchema({ name: 'CreatedTaskView', description: 'A new task and the job that makes its assignments' })
export class CreatedTaskViewSchema extends TaskViewSchema {
  @TextProperty({ format: 'uuid', description: 'progress at GET /jobs/{id}' }) fanOutJobId: string;
}

@ApiSchema({ name: 'AssignmentTask', description: 'The task an assignment belongs to' })
export class AssignmentTaskSchema {
  @IdProperty() id: string;
  @TextProperty() title: string;
  @EnumProperty(TASK_KINDS) kind: TaskKind;
  @NullableTextProperty() instructions: string | null;
  @NullableIdProperty() contentId: string | null;
  @NullableTextProperty({ format: 'uri' }) targetUrl: string | null;
  @NullableInstantProperty() dueAt: string | null;
  @EnumProperty(['open', 'closed']) status: 'open' | 'closed';
}

@ApiSchema({ name: 'AssignmentView', description: 'One person’s assignment' })
export class AssignmentViewSchema {
  @IdProperty() id: string;
  @IdProperty() taskId: string;
  @IdProperty() userId: string;
  @IdProperty({ description: 'the assignee’s unit when the task was fanned out' }) orgUnitId: string;
  @EnumProperty(ASSIGNMENT_STATUSES) status: AssignmentStatus;
  @NullableInstantProperty() completedAt: string | null;
  @InstantProperty() createdAt: string;
  @FlagProperty() overdue: boolean;
  @ViewProperty(() => AssignmentTaskSchema, { required: false }) task?: AssignmentTaskSchema;
}

@ApiSchema({ name: 'ActionView', description: 'A share, post, comment or reaction someone recorded' })
export class ActionViewSchema {
  @IdProperty() id: string;
  @IdProperty() userId: string;
  @IdProperty() orgUnitId: string;
  @EnumProperty(ACTION_TYPES) type: ActionType;
  @EnumProperty(PLATFORM_NAMES) platform: PlatformName;
  @NullableTextProperty({ format: 'uri' }) url: string | null;
  @CountProperty() reach: number;
  @InstantProperty({ description: 'when it happened (the year it counts in), not when it was sent' }) occurredAt: string;
  @NullableIdProperty() taskId: string | null;
  @NullableIdProperty() contentId: string | null;
  @InstantProperty() createdAt: string;
}

@ApiSchema({ name: 'ActionBatchItemResult', description: 'One item’s outcome: 201 or 200 with its id, 4xx with the error, 503: send it again' })
export class ActionBatchItemResultSchema {
  @NullableTextProperty({ description: 'the item’s clientId, echoed' }) clientId: string | null;
  @ApiProperty({ type: 'integer', minimum: 200, maximum: 599, example: 201 }) status: number;
  @IdProperty({ required: false, description: 'with 200 and 201' }) id?: string;
  @ViewProperty(() => ApiErrorSchema, { required: false, description: 'with 4xx and 503' }) error?: ApiErrorSchema;
}

@ApiSchema({ name: 'ActionBatchResult', description: 'Each item answered on its own, in the order sent' })
export class ActionBatchResultSchema {
  @ViewProperty(() => ActionBatchItemResultSchema, { isArray: true }) results: ActionBatchItemResultSchema[];
}

export const ContentPageSchema = pageSchemaOf(ContentViewSchema, 'ContentPage');
export const TaskPageSchema = pageSchemaOf(TaskViewSchema, 'TaskPage');
export const AssignmentPageSchema = pageSchemaOf(AssignmentViewSchema, 'AssignmentPage');
export const ActionPageSchema = pageSchemaOf(ActionViewSchema, 'ActionPage');
