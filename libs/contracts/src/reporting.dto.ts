import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { IsId } from './ids';

/** Longest template body accepted. */
export const REPORT_TEMPLATE_MAX_LENGTH = 20_000;

/** PUT /stats/templates/yearly-summary: the secretariat's own wording of the year-end summary. */
export class UpdateReportTemplateDto {
  @ApiProperty({
    description:
      'Text with {{placeholders}} ({{year}}, {{unitName}}, {{shares}}, {{previousYear.shares}}, {{change.shares}}, ' +
      '{{trend.shares}}, {{target.perMember}}, …) and sections {{#target}}…{{/target}} / {{^target}}…{{/target}}; ' +
      'a blank line starts a new paragraph. Unknown placeholders answer 400.',
    maxLength: REPORT_TEMPLATE_MAX_LENGTH,
  })
  @IsString()
  @MinLength(1, { message: 'body must not be empty' })
  @MaxLength(REPORT_TEMPLATE_MAX_LENGTH, { message: `body must be at most ${REPORT_TEMPLATE_MAX_LENGTH} characters` })
  body: string;
}

/** GET and PUT /stats/templates/yearly-summary: whose tree's wording (default: the caller's). */
export class ReportTemplateQueryDto {
  @ApiPropertyOptional({ description: 'any unit of the tree whose wording this is (default: the caller’s unit); each tree has its own' })
  @IsOptional()
  @IsString()
  @IsId('orgUnitId')
  orgUnitId?: string;
}

/** A report template as the editor sees it. */
export interface ReportTemplateView {
  key: string;
  body: string;
  /** True while no one has saved a template: the body is the built-in default. */
  isDefault: boolean;
  /** The built-in default, to start from or go back to. */
  defaultBody: string;
  /** Every placeholder the body may use, and every section. */
  placeholders: string[];
  sections: string[];
  updatedBy: string | null;
  updatedAt: string | null;
}

/** GET /stats/yearly/export for a subtree too large to build during the request. */
export interface StatsExportAccepted {
  jobId: string;
}
