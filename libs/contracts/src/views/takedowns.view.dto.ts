import { ApiSchema } from '@nestjs/swagger';
import { PLATFORM_NAMES, PlatformName } from '../actions.dto';
import {
  BULK_PAGE_CASE_OUTCOMES,
  BulkPageCaseOutcome,
  EVIDENCE_MEDIA_TYPES,
  EvidenceMediaType,
  EvidenceView,
  PAGE_CASE_STATUSES,
  PageCaseEventView,
  PageCaseMoveResult,
  PageCaseStatus,
  PageCaseView,
  REPORT_CATEGORIES,
  ReportCategory,
  ReportDetailView,
  ReportView,
} from '../takedowns.dto';
import {
  Agrees,
  CountProperty,
  EnumProperty,
  FlagProperty,
  IdProperty,
  InstantProperty,
  NullableIdProperty,
  NullableInstantProperty,
  NullableTextProperty,
  pageSchemaOf,
  TextProperty,
  ViewProperty,
} from './view-properties';

@ApiSchema({ name: 'ReportView', description: 'A report of a harmful page; pageCaseId stays null until the link job ran' })
export class ReportViewSchema {
  @IdProperty() id: string;
  @TextProperty({ format: 'uri' }) url: string;
  @EnumProperty(PLATFORM_NAMES) platform: PlatformName;
  @EnumProperty(REPORT_CATEGORIES) category: ReportCategory;
  @NullableTextProperty() description: string | null;
  @NullableIdProperty() taskId: string | null;
  @IdProperty() userId: string;
  @IdProperty() orgUnitId: string;
  @InstantProperty() createdAt: string;
  @NullableIdProperty() pageCaseId: string | null;
}

@ApiSchema({ name: 'EvidenceView', description: 'One evidence file’s record; the file is downloaded separately' })
export class EvidenceViewSchema {
  @TextProperty({ format: 'uuid' }) id: string;
  @IdProperty() reportId: string;
  @TextProperty({ pattern: '^[0-9a-f]{64}$', description: 'hex SHA-256 of the stored bytes' }) sha256: string;
  @EnumProperty(EVIDENCE_MEDIA_TYPES) mediaType: EvidenceMediaType;
  @CountProperty({ description: 'bytes' }) size: number;
  @InstantProperty() createdAt: string;
}

@ApiSchema({ name: 'ReportDetailView', description: 'A report with the evidence attached to it' })
export class ReportDetailViewSchema extends ReportViewSchema {
  @ViewProperty(() => EvidenceViewSchema, { isArray: true }) evidence: EvidenceViewSchema[];
}

@ApiSchema({ name: 'CategoryCounts', description: 'Reports per category' })
export class CategoryCountsSchema {
  @CountProperty() false_information: number;
  @CountProperty() scam: number;
  @CountProperty() impersonation: number;
  @CountProperty() incitement: number;
  @CountProperty() hate: number;
  @CountProperty() other: number;
}

@ApiSchema({ name: 'PageCaseView', description: 'A reported page: counts and category cover all of its reports' })
export class PageCaseViewSchema {
  @IdProperty() id: string;
  @TextProperty({ format: 'uri' }) canonicalUrl: string;
  @EnumProperty(PLATFORM_NAMES) platform: PlatformName;
  @EnumProperty(PAGE_CASE_STATUSES) status: PageCaseStatus;
  @EnumProperty(REPORT_CATEGORIES, { description: 'the most reported category' }) category: ReportCategory;
  @ViewProperty(() => CategoryCountsSchema) categoryCounts: CategoryCountsSchema;
  @CountProperty() reportCount: number;
  @CountProperty() reporterCount: number;
  @NullableInstantProperty() firstReportedAt: string | null;
  @NullableInstantProperty() lastReportedAt: string | null;
  @FlagProperty({ description: 'still online long enough to be checked again' }) dueForRecheck: boolean;
  @InstantProperty() statusChangedAt: string;
  @InstantProperty() createdAt: string;
}

@ApiSchema({
  name: 'PageCaseEventView',
  description: 'One status change; made from a unit outside the reader’s scope, it comes without who, where, note and reference (null)',
})
export class PageCaseEventViewSchema {
  @IdProperty() id: string;
  @IdProperty() pageCaseId: string;
  @EnumProperty(PAGE_CASE_STATUSES) fromStatus: PageCaseStatus;
  @EnumProperty(PAGE_CASE_STATUSES) toStatus: PageCaseStatus;
  @NullableIdProperty() actorId: string | null;
  @NullableTextProperty() actorName: string | null;
  @NullableIdProperty() orgUnitId: string | null;
  @NullableTextProperty() orgUnitName: string | null;
  @NullableTextProperty() note: string | null;
  @NullableTextProperty() platformRef: string | null;
  @InstantProperty() createdAt: string;
}

@ApiSchema({ name: 'PageCaseMoveResult', description: 'How one case of a bulk move fared: changed, refused by the workflow, or not found (outside scope too)' })
export class PageCaseMoveResultSchema {
  @IdProperty() pageCaseId: string;
  @EnumProperty(BULK_PAGE_CASE_OUTCOMES) outcome: BulkPageCaseOutcome;
  @EnumProperty(PAGE_CASE_STATUSES, { nullable: true, description: 'the tree’s status after the request; null when not found' })
  status: PageCaseStatus | null;
  @NullableTextProperty({ description: 'why it was refused; null when changed' }) message: string | null;
}

@ApiSchema({ name: 'PageCaseMoveResults', description: 'Each case answered on its own, in the order sent; one refused case leaves the others moved' })
export class PageCaseMoveResultsSchema {
  @ViewProperty(() => PageCaseMoveResultSchema, { isArray: true }) results: PageCaseMoveResultSchema[];
}

export const ReportPageSchema = pageSchemaOf(ReportViewSchema, 'ReportPage');
export const PageCasePageSchema = pageSchemaOf(PageCaseViewSchema, 'PageCasePage');
export const PageCaseEventPageSchema = pageSchemaOf(PageCaseEventViewSchema, 'PageCaseEventPage');

// The documented classes mirror the views the services return (compile-time).
const agreement: [
  Agrees<ReportViewSchema, ReportView>,
  Agrees<EvidenceViewSchema, EvidenceView>,
  Agrees<ReportDetailViewSchema, ReportDetailView>,
  Agrees<PageCaseViewSchema, PageCaseView>,
  Agrees<PageCaseEventViewSchema, PageCaseEventView>,
  Agrees<PageCaseMoveResultSchema, PageCaseMoveResult>,
] = [true, true, true, true, true, true];
void agreement;
