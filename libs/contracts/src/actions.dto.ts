import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { IDEMPOTENCY_KEY_MESSAGE, IDEMPOTENCY_KEY_PATTERN } from './idempotency';
import { IsGivenInstant } from './instant';
import { PageQueryDto } from './pagination';
import { OptionalId, OptionalYear } from './query-filters';

// Actions people log: shares, posts, comments, reactions, one by one or as an offline backlog.

export const ACTION_TYPES = ['share', 'post', 'comment', 'reaction'] as const;
export type ActionType = (typeof ACTION_TYPES)[number];
/**
 * What counts as a share (SPEC: "bài viết được đăng tải, chia sẻ"): a share or a post. Only
 * these need a url, and only their reach counts towards the reach figure.
 */
export const SHARE_TYPES = ['share', 'post'] as const satisfies readonly ActionType[];
export const isShareType = (type: ActionType): boolean => (SHARE_TYPES as readonly ActionType[]).includes(type);
/** {@link SHARE_TYPES} as an SQL list, for `a.type IN ${SHARE_TYPES_SQL}`. */
export const SHARE_TYPES_SQL = `(${SHARE_TYPES.map((type) => `'${type}'`).join(', ')})`;
export const PLATFORM_NAMES = ['facebook', 'zalo', 'tiktok', 'youtube', 'x', 'instagram', 'telegram', 'website', 'other'] as const;
export type PlatformName = (typeof PLATFORM_NAMES)[number];
export const MAX_BATCH_ITEMS = 500;

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
  @Matches(IDEMPOTENCY_KEY_PATTERN, { message: IDEMPOTENCY_KEY_MESSAGE('clientId') })
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
