import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { IsId } from './ids';
import { toInt } from './pagination';

/** The figures of SPEC (section Figures) for one unit subtree and one year. */
export interface FigureValues {
  websitePosts: number;
  websiteInteractions: number;
  shares: number;
  reach: number;
  interactions: number;
  participations: number;
  reportsFiled: number;
  pagesReported: number;
  pagesRemovalRequested: number;
  pagesRemoved: number;
  surveys: number;
  surveyUnits: number;
  questionnaires: number;
  directives: number;
  members: number;
}

export const FIGURE_NAMES: readonly (keyof FigureValues)[] = [
  'websitePosts',
  'websiteInteractions',
  'shares',
  'reach',
  'interactions',
  'participations',
  'reportsFiled',
  'pagesReported',
  'pagesRemovalRequested',
  'pagesRemoved',
  'surveys',
  'surveyUnits',
  'questionnaires',
  'directives',
  'members',
];

/** The target in force for the year and the unit, and how the members stand against it. */
export interface TargetStanding {
  perMember: number;
  actionTypes: string[];
  targetOrgUnitId: string;
  membersMeeting: number;
  membersTotal: number;
  /** Members expected to meet it by year end at their pace so far (equals membersMeeting for past years). */
  forecastMembersMeeting: number;
}

export interface YearlyFigures extends FigureValues {
  year: number;
  orgUnitId: string;
  target: TargetStanding | null;
}

/** GET /stats/yearly: the figures, the time they are exact as of, last year's, and optional breakdowns. */
export interface YearlyStats extends YearlyFigures {
  asOf: string;
  previousYear: YearlyFigures;
  byUnit?: (YearlyFigures & { orgUnitName: string })[];
  byMonth?: (Omit<FigureValues, 'members' | 'pagesReported' | 'surveyUnits'> & { month: string })[];
}

/** A year and a unit subtree (default: the caller's unit), the address of every figure. */
export class YearUnitQueryDto {
  @ApiProperty({ example: 2023 })
  @Transform(toInt)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;

  @ApiPropertyOptional({ description: 'default: the caller’s unit' })
  @IsOptional()
  @IsString()
  @IsId('orgUnitId')
  orgUnitId?: string;
}

export class YearlyStatsQueryDto extends YearUnitQueryDto {
  @ApiPropertyOptional({ enum: ['unit', 'month'], description: 'unit: the unit and each child subtree; month: additive figures per month' })
  @IsOptional()
  @IsIn(['unit', 'month'], { message: 'groupBy must be unit or month' })
  groupBy?: 'unit' | 'month';
}

export class YearlyExportQueryDto extends YearUnitQueryDto {
  @ApiProperty({ enum: ['xlsx', 'docx'] })
  @IsIn(['xlsx', 'docx'], { message: 'format must be xlsx or docx' })
  format: 'xlsx' | 'docx';
}

export class LeaderboardQueryDto extends YearUnitQueryDto {
  @ApiPropertyOptional({ maximum: 200 })
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}
