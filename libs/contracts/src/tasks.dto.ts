import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsObject, IsOptional, IsString, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { IsId } from './ids';
import { IsGivenInstant } from './instant';
import { PageQueryDto } from './pagination';
import { PatchBody } from './patch-body';
import { OptionalId, OptionalYear } from './query-filters';

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
