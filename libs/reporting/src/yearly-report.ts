import { FigureValues, YearlyFigures, YearlyStats } from '@app/contracts';

/** One member of the subtree against the target in force for them (the "Tiến độ thành viên" sheet). */
export interface MemberProgressRow {
  userId: string;
  username: string;
  fullName: string;
  orgUnitId: string;
  orgUnitName: string;
  /** Actions of the target's types in the year (every type when no target is in force). */
  actions: number;
  /** Null when no target is in force for the member. */
  perMember: number | null;
  /** The unit the target in force was set on. */
  targetOrgUnitId: string | null;
  meets: boolean | null;
}

/** One row of the per-unit breakdown: the unit's own records, or a direct child's subtree. */
export type UnitFigures = YearlyFigures & { orgUnitName: string };

/** One month of the additive figures. */
export type MonthFigures = NonNullable<YearlyStats['byMonth']>[number];

/** The figures that can be told per month (distinct counts and members cannot). */
export type MonthlyFigureName = Exclude<keyof FigureValues, 'members' | 'pagesReported' | 'surveyUnits'>;

/** Everything a yearly export shows, gathered once and handed to both builders. */
export interface YearlyReport {
  year: number;
  orgUnitId: string;
  unitName: string;
  /** The figures of the unit's subtree, with last year's and the target standing. */
  stats: YearlyStats;
  byUnit: UnitFigures[];
  byMonth: MonthFigures[];
  members: MemberProgressRow[];
  /** When the file was built. */
  builtAt: Date;
  /** ORG_TIMEZONE: every time in the file is written in the organisation's zone. */
  timeZone: string;
}

/** Media types of the two formats. */
export const EXPORT_MEDIA_TYPES = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
} as const;

export type ExportFormat = keyof typeof EXPORT_MEDIA_TYPES;

/** An ASCII file name (no unit name: Vietnamese letters in Content-Disposition trip old clients). */
export function exportFilename(year: number, orgUnitId: string, format: ExportFormat): string {
  return `lan-toa-${year}-${orgUnitId}.${format}`;
}
