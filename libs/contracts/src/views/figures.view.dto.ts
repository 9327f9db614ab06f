import { ApiSchema } from '@nestjs/swagger';
import { DirectiveView } from '../directives.dto';
import { ACTION_TYPES, ActionType } from '../actions.dto';
import { ReportTemplateView, StatsExportAccepted } from '../reporting.dto';
import { TargetStanding, YearlyFigures, YearlyStats } from '../stats.dto';
import { ProgressView, TargetView } from '../targets.dto';
import {
  Agrees,
  CountProperty,
  DateProperty,
  EnumListProperty,
  EnumProperty,
  FlagProperty,
  IdProperty,
  InstantProperty,
  NullableCountProperty,
  NullableIdProperty,
  NullableInstantProperty,
  NullableTextProperty,
  NumberProperty,
  pageSchemaOf,
  TextProperty,
  ViewProperty,
  YearProperty,
} from './view-properties';

/** The figures counted per month (GET /stats/yearly?groupBy=month); members, pagesReported and surveyUnits are yearly only. */
@ApiSchema({ name: 'MonthFigures', description: 'One month’s figures (members, pagesReported and surveyUnits are yearly only)' })
export class MonthFiguresSchema {
  @TextProperty({ pattern: '^[0-9]{4}-[0-9]{2}$', example: '2025-03' }) month: string;
  @CountProperty() websitePosts: number;
  @CountProperty() websiteInteractions: number;
  @CountProperty() shares: number;
  @CountProperty() reach: number;
  @CountProperty() interactions: number;
  @CountProperty() participations: number;
  @CountProperty() reportsFiled: number;
  @CountProperty() pagesRemovalRequested: number;
  @CountProperty() pagesRemoved: number;
  @CountProperty() surveys: number;
  @CountProperty() questionnaires: number;
  @CountProperty() directives: number;
}

@ApiSchema({ name: 'TargetStanding', description: 'The target in force and how the members stand against it' })
export class TargetStandingSchema {
  @CountProperty() perMember: number;
  @EnumListProperty(ACTION_TYPES) actionTypes: string[];
  @IdProperty() targetOrgUnitId: string;
  @CountProperty() membersMeeting: number;
  @CountProperty() membersTotal: number;
  @CountProperty({ description: 'expected to meet it by year end at their pace so far' }) forecastMembersMeeting: number;
}

@ApiSchema({ name: 'YearlyFigures', description: 'The figures of one unit subtree in one year (docs/figures.md)' })
export class YearlyFiguresSchema {
  @YearProperty() year: number;
  @IdProperty() orgUnitId: string;
  @ViewProperty(() => TargetStandingSchema, { nullable: true, description: 'null when no target is in force' })
  target: TargetStandingSchema | null;
  @CountProperty() websitePosts: number;
  @CountProperty() websiteInteractions: number;
  @CountProperty() shares: number;
  @CountProperty() reach: number;
  @CountProperty() interactions: number;
  @CountProperty() participations: number;
  @CountProperty() reportsFiled: number;
  @CountProperty() pagesReported: number;
  @CountProperty() pagesRemovalRequested: number;
  @CountProperty() pagesRemoved: number;
  @CountProperty() surveys: number;
  @CountProperty() surveyUnits: number;
  @CountProperty() questionnaires: number;
  @CountProperty() directives: number;
  @CountProperty() members: number;
}

@ApiSchema({ name: 'UnitFigures', description: 'A child unit’s figures' })
export class UnitFiguresSchema extends YearlyFiguresSchema {
  @TextProperty() orgUnitName: string;
}

@ApiSchema({ name: 'YearlyStats', description: 'The figures, the instant they are exact as of, last year’s, and the breakdown asked for' })
export class YearlyStatsSchema extends YearlyFiguresSchema {
  @InstantProperty() asOf: string;
  @ViewProperty(() => YearlyFiguresSchema) previousYear: YearlyFiguresSchema;
  @ViewProperty(() => UnitFiguresSchema, { isArray: true, required: false, description: 'with groupBy=unit' })
  byUnit?: UnitFiguresSchema[];
  @ViewProperty(() => MonthFiguresSchema, { isArray: true, required: false, description: 'with groupBy=month' })
  byMonth?: MonthFiguresSchema[];
}

@ApiSchema({ name: 'LeaderboardMember' })
export class LeaderboardMemberSchema {
  @CountProperty({ minimum: 1, example: 1 }) rank: number;
  @IdProperty() userId: string;
  @TextProperty() fullName: string;
  @IdProperty() orgUnitId: string;
  @CountProperty() actions: number;
}

@ApiSchema({ name: 'LeaderboardUnit' })
export class LeaderboardUnitSchema {
  @IdProperty() orgUnitId: string;
  @TextProperty() orgUnitName: string;
  @CountProperty() participations: number;
  @CountProperty() members: number;
  @NumberProperty({ minimum: 0, description: 'participations per member, two decimals' }) participationRate: number;
}

@ApiSchema({ name: 'Leaderboard', description: 'Members ranked by actions; child units by participations per member' })
export class LeaderboardSchema {
  @YearProperty() year: number;
  @IdProperty() orgUnitId: string;
  @ViewProperty(() => LeaderboardMemberSchema, { isArray: true }) members: LeaderboardMemberSchema[];
  @ViewProperty(() => LeaderboardUnitSchema, { isArray: true }) units: LeaderboardUnitSchema[];
}

@ApiSchema({ name: 'ReportTemplateView', description: 'The year-end summary’s wording as the editor sees it' })
export class ReportTemplateViewSchema {
  @TextProperty({ example: 'yearly-summary' }) key: string;
  @TextProperty() body: string;
  @FlagProperty({ description: 'true while no one saved a template: the body is the default' }) isDefault: boolean;
  @TextProperty() defaultBody: string;
  @ViewProperty(() => String, { isArray: true }) placeholders: string[];
  @ViewProperty(() => String, { isArray: true }) sections: string[];
  @NullableIdProperty() updatedBy: string | null;
  @NullableInstantProperty() updatedAt: string | null;
}

@ApiSchema({ name: 'StatsExportAccepted', description: 'The subtree is large: a job builds the file (GET /jobs/{jobId})' })
export class StatsExportAcceptedSchema {
  @TextProperty({ format: 'uuid' }) jobId: string;
}

@ApiSchema({ name: 'DirectiveView', description: 'A directive (văn bản chỉ đạo) issued by a unit' })
export class DirectiveViewSchema {
  @IdProperty() id: string;
  @NullableTextProperty() number: string | null;
  @TextProperty() title: string;
  @DateProperty() issuedOn: string;
  @IdProperty({ description: 'the creator’s unit' }) orgUnitId: string;
  @NullableIdProperty() createdBy: string | null;
  @InstantProperty() createdAt: string;
}

@ApiSchema({ name: 'TargetView', description: 'A year’s target for a unit’s subtree' })
export class TargetViewSchema {
  @IdProperty() id: string;
  @YearProperty() year: number;
  @IdProperty() orgUnitId: string;
  @CountProperty({ example: 100 }) perMember: number;
  @EnumListProperty(ACTION_TYPES) actionTypes: ActionType[];
  @NullableIdProperty() setBy: string | null;
  @InstantProperty() updatedAt: string;
}

@ApiSchema({ name: 'ProgressView', description: 'My count against the target in force for my unit (none: perMember and remaining null)' })
export class ProgressViewSchema {
  @YearProperty() year: number;
  @CountProperty() actions: number;
  @NullableCountProperty() perMember: number | null;
  @NullableCountProperty() remaining: number | null;
  @EnumListProperty(ACTION_TYPES, { nullable: true }) actionTypes: ActionType[] | null;
  @NullableIdProperty() targetOrgUnitId: string | null;
}

@ApiSchema({ name: 'HealthView', description: 'ok when PostgreSQL, Redis and at least one worker answer' })
export class HealthViewSchema {
  @EnumProperty(['ok', 'unavailable']) status: 'ok' | 'unavailable';
  @EnumProperty(['up', 'down']) database: 'up' | 'down';
  @EnumProperty(['up', 'down']) redis: 'up' | 'down';
  @CountProperty({ description: 'live workers' }) workers: number;
}

export const DirectivePageSchema = pageSchemaOf(DirectiveViewSchema, 'DirectivePage');
export const TargetPageSchema = pageSchemaOf(TargetViewSchema, 'TargetPage');

// The documented classes mirror the views the services return (compile-time).
const agreement: [
  Agrees<TargetStandingSchema, TargetStanding>,
  Agrees<YearlyFiguresSchema, YearlyFigures>,
  Agrees<YearlyStatsSchema, YearlyStats>,
  Agrees<ReportTemplateViewSchema, ReportTemplateView>,
  Agrees<StatsExportAcceptedSchema, StatsExportAccepted>,
  Agrees<DirectiveViewSchema, DirectiveView>,
  Agrees<TargetViewSchema, TargetView>,
  Agrees<ProgressViewSchema, ProgressView>,
] = [true, true, true, true, true, true, true, true];
void agreement;
