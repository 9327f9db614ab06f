import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IsGivenInstant } from './instant';
import { PageQueryDto } from './pagination';
import { PatchBody } from './patch-body';
import { SearchText } from './search-text';
import { OptionalId, OptionalYear } from './query-filters';

// The content registry: pieces of published content that tasks and actions name.

export const CONTENT_KINDS = ['website_post', 'article', 'video', 'other'] as const;
export type ContentKind = (typeof CONTENT_KINDS)[number];

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

  /** Searches titles and URLs. */
  @SearchText()
  q?: string;
}
