import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { ID_MESSAGE, ID_PATTERN } from './ids';
import { FIRST_INSTANT, IsGivenInstant } from './instant';
import { InvalidInputError, PageQueryDto } from './pagination';
import { OptionalId, OptionalYear } from './query-filters';
import { PatchBody } from './patch-body';

// SPEC bounds for instants people give: not past 5 minutes of clock skew, not before 2000.
const CLOCK_SKEW_MS = 5 * 60 * 1000;

/**
 * An instant a person gave (occurredAt, reportedAt) within SPEC's bounds, as UTC ISO; a
 * 400 naming the field otherwise.
 */
export function givenInstant(field: string, value: string): string {
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) throw new InvalidInputError(field, `${field} is not a real time`);
  if (at.getTime() > Date.now() + CLOCK_SKEW_MS) throw new InvalidInputError(field, `${field} must not be in the future`);
  if (at.getTime() < FIRST_INSTANT) throw new InvalidInputError(field, `${field} must not be before 2000`);
  return at.toISOString();
}


export const CONTENT_KINDS = ['website_post', 'article', 'video', 'other'] as const;
export type ContentKind = (typeof CONTENT_KINDS)[number];
export const TASK_KINDS = ['share', 'interact', 'write', 'report_page', 'survey', 'other'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];
export const ACTION_TYPES = ['share', 'post', 'comment', 'reaction'] as const;
export type ActionType = (typeof ACTION_TYPES)[number];
export const PLATFORM_NAMES = ['facebook', 'zalo', 'tiktok', 'youtube', 'x', 'instagram', 'telegram', 'website', 'other'] as const;
export type PlatformName = (typeof PLATFORM_NAMES)[number];
export const MAX_BATCH_ITEMS = 500;
export const CLIENT_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

export class CreateContentDto {
  @ApiProperty({ enum: CONTENT_KINDS })
  @IsIn(CONTENT_KINDS, { message: `kind must be one of ${CONTENT_KINDS.join(', ')}` })
  kind: ContentKind;

  @ApiProperty({ example: 'Tuyên truyền Nghị quyết …' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  title: string;

  @ApiProperty({ example: 'https://baochinhphu.vn/bai-viet-1.htm' })
  @IsString()
  @MaxLength(2048)
  url: string;

  @ApiProperty({ example: '2024-03-01T09:30:00+07:00' })
  @IsGivenInstant('publishedAt')
  publishedAt: string;

  @ApiPropertyOptional({ minimum: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  interactions?: number;
}

@PatchBody()
export class UpdateContentDto {
  @ApiPropertyOptional({ minimum: 0, description: 'latest recorded interaction count' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  interactions?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  title?: string;
}

export class ListContentsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: CONTENT_KINDS })
  @IsOptional()
  @IsIn(CONTENT_KINDS)
  kind?: ContentKind;

  @OptionalYear({ description: 'published in this year (ORG_TIMEZONE)' })
  year?: number;

  @OptionalId('orgUnitId', { description: 'stamped with a unit in this subtree (404 outside the caller’s scope)' })
  orgUnitId?: string;
}

export class TaskAssigneesDto {
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10_000)
  @ArrayUnique()
  @Matches(ID_PATTERN, { each: true, message: ID_MESSAGE('assignees.userIds') })
  userIds?: string[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @ArrayUnique()
  @Matches(ID_PATTERN, { each: true, message: ID_MESSAGE('assignees.teamIds') })
  teamIds?: string[];

  @ApiPropertyOptional({ type: [String], description: 'every active user in each unit’s subtree' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @ArrayUnique()
  @Matches(ID_PATTERN, { each: true, message: ID_MESSAGE('assignees.orgUnitIds') })
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

export class LogActionDto {
  @ApiProperty({ enum: ACTION_TYPES })
  @IsIn(ACTION_TYPES, { message: `type must be one of ${ACTION_TYPES.join(', ')}` })
  type: ActionType;

  @ApiPropertyOptional({ enum: PLATFORM_NAMES, description: 'detected from the url when it is on a known platform' })
  @IsOptional()
  @IsIn(PLATFORM_NAMES, { message: `platform must be one of ${PLATFORM_NAMES.join(', ')}` })
  platform?: PlatformName;

  @ApiPropertyOptional({ description: 'required for share and post' })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  url?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 10_000_000 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  reach?: number;

  @ApiProperty({ example: '2024-03-01T09:30:00+07:00' })
  @IsGivenInstant('occurredAt')
  occurredAt: string;

  @OptionalId('taskId')
  taskId?: string;

  @OptionalId('contentId')
  contentId?: string;
}

/** One item of a batch: an action plus its idempotency key. */
export class BatchActionItemDto extends LogActionDto {
  @ApiProperty({ description: 'idempotency key of this item, chosen by the phone' })
  @IsString()
  @Matches(CLIENT_ID_PATTERN, { message: 'clientId must be 1-128 letters, digits, . _ : -' })
  clientId: string;
}

export class LogActionBatchDto {
  @ApiProperty({ type: [BatchActionItemDto], maxItems: MAX_BATCH_ITEMS })
  @IsArray()
  @ArrayMaxSize(MAX_BATCH_ITEMS, { message: `items must hold at most ${MAX_BATCH_ITEMS} actions` })
  @IsObject({ each: true, message: 'items must each be an object' })
  // Items are validated one by one so that one bad item does not refuse a phone's whole sync.
  items: Record<string, unknown>[];
}

export class ListActionsQueryDto extends PageQueryDto {
  @OptionalYear({ description: 'occurred in this year (ORG_TIMEZONE)' })
  year?: number;

  @OptionalId('orgUnitId', { description: 'stamped with a unit in this subtree' })
  orgUnitId?: string;

  @OptionalId('userId')
  userId?: string;

  @ApiPropertyOptional({ description: 'one type, or several separated by commas (share,post)' })
  @IsOptional()
  @IsString()
  @Matches(/^(share|post|comment|reaction)(,(share|post|comment|reaction)){0,3}$/, {
    message: 'type must be share, post, comment or reaction (several separated by commas)',
  })
  type?: string;

  @OptionalId('taskId')
  taskId?: string;
}
