import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { IsId } from './ids';
import { IsGivenInstant } from './instant';
import { PageQueryDto, toInt } from './pagination';
import { SearchText } from './search-text';
import { OptionalId, OptionalYear } from './query-filters';
import { PLATFORM_NAMES, PlatformName } from './actions.dto';
import { PatchBody } from './patch-body';


/** Why a page is harmful (SPEC: every report carries a category). */
export const REPORT_CATEGORIES = ['false_information', 'scam', 'impersonation', 'incitement', 'hate', 'other'] as const;
export type ReportCategory = (typeof REPORT_CATEGORIES)[number];

/** Where a page case stands in the secretariat's review. */
export const PAGE_CASE_STATUSES = ['new', 'verified', 'rejected', 'removal_requested', 'removed', 'still_online'] as const;
export type PageCaseStatus = (typeof PAGE_CASE_STATUSES)[number];

/** What evidence may be: checked by the file's first bytes, never by its name or declared type. */
export const EVIDENCE_MEDIA_TYPES = ['image/png', 'image/jpeg', 'application/pdf'] as const;
export type EvidenceMediaType = (typeof EVIDENCE_MEDIA_TYPES)[number];

/** Bounds of reports, case changes and evidence, shared by the DTOs, the services and the schema. */
export const TAKEDOWN_LIMITS = {
  url: 2048,
  description: 5000,
  note: 2000,
  platformRef: 500,
  evidenceBytes: 5 * 1024 * 1024,
} as const;

export class CreateReportDto {
  @ApiProperty({ example: 'https://m.facebook.com/trang.gia.mao?ref=share' })
  @IsString()
  @MinLength(1)
  @MaxLength(TAKEDOWN_LIMITS.url)
  url: string;

  @ApiPropertyOptional({ enum: PLATFORM_NAMES, description: 'detected from the url when absent' })
  @IsOptional()
  @IsIn(PLATFORM_NAMES, { message: `platform must be one of ${PLATFORM_NAMES.join(', ')}` })
  platform?: PlatformName;

  @ApiProperty({ enum: REPORT_CATEGORIES })
  @IsIn(REPORT_CATEGORIES, { message: `category must be one of ${REPORT_CATEGORIES.join(', ')}` })
  category: ReportCategory;

  @ApiPropertyOptional({ maxLength: TAKEDOWN_LIMITS.description })
  @IsOptional()
  @IsString()
  @MaxLength(TAKEDOWN_LIMITS.description, {
    message: `description must be at most ${TAKEDOWN_LIMITS.description} characters`,
  })
  description?: string;

  @OptionalId('taskId', { description: 'a task this report carries out (usually of kind report_page)' })
  taskId?: string;

  @ApiPropertyOptional({
    example: '2023-05-04T09:00:00+07:00',
    description:
      'backfill only (secretariat, admin): when a report kept on paper before Lan Tỏa was filed; it then counts in that year',
  })
  @IsOptional()
  @IsGivenInstant('reportedAt')
  reportedAt?: string;
}

export class ListReportsQueryDto extends PageQueryDto {
  @OptionalYear({ description: 'created in this year (ORG_TIMEZONE)' })
  year?: number;

  @OptionalId('pageCaseId', { description: 'the reports linked to this page case' })
  pageCaseId?: string;

  @OptionalId('orgUnitId', { description: 'stamped with the author’s unit in this subtree (404 outside the caller’s scope)' })
  orgUnitId?: string;
}

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class ListPagesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: PAGE_CASE_STATUSES })
  @IsOptional()
  @IsIn(PAGE_CASE_STATUSES, { message: `status must be one of ${PAGE_CASE_STATUSES.join(', ')}` })
  status?: PageCaseStatus;

  @ApiPropertyOptional({
    description:
      'cases with a report (from the caller’s scope) created in this year (ORG_TIMEZONE); with movedTo, cases moved to that status in this year',
  })
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;

  @ApiPropertyOptional({
    description:
      'cases with a report stamped with a unit in this subtree; with movedTo, cases moved by someone stamped in it (404 outside the caller’s scope). Statuses, `status` and `due` are those of this unit’s tree’s review (default: the caller’s tree)',
  })
  @IsOptional()
  @IsString()
  @IsId('orgUnitId')
  orgUnitId?: string;

  @ApiPropertyOptional({
    enum: PAGE_CASE_STATUSES,
    description:
      'cases with an attributed change to this status (in `year`, by someone stamped in `orgUnitId`’s subtree): the rows behind pagesRemovalRequested and pagesRemoved',
  })
  @IsOptional()
  @IsIn(PAGE_CASE_STATUSES, { message: `movedTo must be one of ${PAGE_CASE_STATUSES.join(', ')}` })
  movedTo?: PageCaseStatus;

  @ApiPropertyOptional({ enum: REPORT_CATEGORIES, description: 'cases whose most reported category is this one' })
  @IsOptional()
  @IsIn(REPORT_CATEGORIES, { message: `category must be one of ${REPORT_CATEGORIES.join(', ')}` })
  category?: ReportCategory;

  @ApiPropertyOptional({ description: 'true: only cases due for a re-check (removal requested too long ago)' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'due must be true or false' })
  due?: boolean;

  /** Searches canonical URLs. */
  @SearchText()
  q?: string;
}

/** Each tree reviews a shared case on its own track (ADR 008); this names the tree. */
const PAGE_TRACK_UNIT =
  'any unit of the tree whose review of the case this is (default: the caller’s unit; 404 outside the caller’s scope): each tree has its own status, history and re-check mark';

@PatchBody()
export class UpdatePageCaseDto {
  @ApiProperty({ enum: PAGE_CASE_STATUSES, description: 'new → verified | rejected; verified → removal_requested → removed | still_online' })
  @IsIn(PAGE_CASE_STATUSES, { message: `status must be one of ${PAGE_CASE_STATUSES.join(', ')}` })
  status: PageCaseStatus;

  @ApiPropertyOptional({ maxLength: TAKEDOWN_LIMITS.note })
  @IsOptional()
  @IsString()
  @MaxLength(TAKEDOWN_LIMITS.note, { message: `note must be at most ${TAKEDOWN_LIMITS.note} characters` })
  note?: string;

  @ApiPropertyOptional({
    maxLength: TAKEDOWN_LIMITS.platformRef,
    description: 'the reference the platform’s reporting channel gave (ticket number, confirmation link)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(TAKEDOWN_LIMITS.platformRef, {
    message: `platformRef must be at most ${TAKEDOWN_LIMITS.platformRef} characters`,
  })
  platformRef?: string;

  @OptionalId('orgUnitId', { description: PAGE_TRACK_UNIT })
  orgUnitId?: string;
}

/** GET /pages/:id and its history: whose tree's review of the case (default: the caller's). */
export class PageCaseTrackQueryDto {
  @OptionalId('orgUnitId', { description: PAGE_TRACK_UNIT })
  orgUnitId?: string;
}

/** A report as the API shows it; `pageCaseId` stays null until the link job has run. */
export interface ReportView {
  id: string;
  url: string;
  platform: PlatformName;
  category: ReportCategory;
  description: string | null;
  taskId: string | null;
  userId: string;
  orgUnitId: string;
  createdAt: Date | string;
  pageCaseId: string | null;
}

/** One evidence file's record; the file itself is downloaded separately. */
export interface EvidenceView {
  id: string;
  reportId: string;
  sha256: string;
  mediaType: EvidenceMediaType;
  size: number;
  createdAt: Date | string;
}

/** A report with the evidence attached to it. */
export interface ReportDetailView extends ReportView {
  evidence: EvidenceView[];
}

/** A page case: counts and category are computed over all of its reports. */
export interface PageCaseView {
  id: string;
  canonicalUrl: string;
  platform: PlatformName;
  status: PageCaseStatus;
  category: ReportCategory;
  categoryCounts: Record<ReportCategory, number>;
  reportCount: number;
  reporterCount: number;
  firstReportedAt: Date | string | null;
  lastReportedAt: Date | string | null;
  dueForRecheck: boolean;
  statusChangedAt: Date | string;
  createdAt: Date | string;
}

/**
 * One attributed status change of a page case. A change made from a unit outside the
 * reader's scope comes without its author, unit, note and platform reference (null).
 */
export interface PageCaseEventView {
  id: string;
  pageCaseId: string;
  fromStatus: PageCaseStatus;
  toStatus: PageCaseStatus;
  actorId: string | null;
  actorName: string | null;
  orgUnitId: string | null;
  orgUnitName: string | null;
  note: string | null;
  platformRef: string | null;
  createdAt: Date | string;
}

/** The moves several cases can make in one go: the first review of new cases. */
export const BULK_PAGE_CASE_MOVES = ['verified', 'rejected'] as const;
export type BulkPageCaseMove = (typeof BULK_PAGE_CASE_MOVES)[number];

/** At most this many cases per POST /pages/transitions: a page of the queue and then some. */
export const BULK_PAGE_CASES_MAX = 100;

export class BulkPageTransitionDto {
  @ApiProperty({ type: [String], maxItems: BULK_PAGE_CASES_MAX, description: 'distinct page case ids' })
  @IsArray()
  @ArrayMinSize(1, { message: 'pageCaseIds must name at least one case' })
  @ArrayMaxSize(BULK_PAGE_CASES_MAX, { message: `pageCaseIds must name at most ${BULK_PAGE_CASES_MAX} cases` })
  @ArrayUnique({ message: 'pageCaseIds must not repeat a case' })
  @IsString({ each: true })
  @IsId('pageCaseIds', { each: true })
  pageCaseIds: string[];

  @ApiProperty({ enum: BULK_PAGE_CASE_MOVES, description: 'each case moves on the caller’s tree’s review, as PATCH /pages/:id would' })
  @IsIn(BULK_PAGE_CASE_MOVES, { message: `to must be one of ${BULK_PAGE_CASE_MOVES.join(', ')}` })
  to: BulkPageCaseMove;

  @ApiPropertyOptional({ maxLength: TAKEDOWN_LIMITS.note, description: 'the same note on every change' })
  @IsOptional()
  @IsString()
  @MaxLength(TAKEDOWN_LIMITS.note, { message: `note must be at most ${TAKEDOWN_LIMITS.note} characters` })
  note?: string;
}

/** How one case of a bulk move fared; each case is moved (or refused) on its own. */
export const BULK_PAGE_CASE_OUTCOMES = ['changed', 'invalid_transition', 'not_found'] as const;
export type BulkPageCaseOutcome = (typeof BULK_PAGE_CASE_OUTCOMES)[number];

export interface PageCaseMoveResult {
  pageCaseId: string;
  outcome: BulkPageCaseOutcome;
  /** The tree's status after the request (changed or refused); null when not found. */
  status: PageCaseStatus | null;
  /** Why it was refused (the message PATCH would answer); null when changed. */
  message: string | null;
}
