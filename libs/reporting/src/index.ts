export { ACTION_TYPE_LABELS, FIGURE_LABELS, FIGURE_SHORT_LABELS } from './figure-labels';
export { ReportTemplatesService } from './report-templates.service';
export { ReportingError, ReportingErrorCode } from './reporting.errors';
export { ReportingModule } from './reporting.module';
export { EXPORT_SYNC_MAX_MEMBERS, ExportFile, ExportOutcome, ExportRequest, StatsExportsService } from './stats-exports.service';
export {
  DEFAULT_YEARLY_SUMMARY,
  paragraphsOf,
  parseTemplate,
  placeholdersOf,
  renderSummary,
  renderTemplate,
  summaryContext,
  SUMMARY_VOCABULARY,
  TemplateContext,
  TemplateVocabulary,
  YEARLY_SUMMARY_TEMPLATE_KEY,
} from './summary-template';
export {
  describeChange,
  formatDate,
  formatDateTime,
  formatMonth,
  formatNumber,
  formatPercent,
  formatSignedNumber,
} from './vietnamese-format';
export {
  EXPORT_MEDIA_TYPES,
  ExportFormat,
  exportFilename,
  MemberProgressRow,
  MonthFigures,
  UnitFigures,
  YearlyReport,
} from './yearly-report';
export { buildYearlySummaryDocument, DOCX_UNIT_COLUMNS } from './yearly-summary-document';
export { xmlSafe } from './xml-text';
export {
  buildYearlyWorkbook,
  MEMBER_STANDING,
  MONTHLY_FIGURE_NAMES,
  NUMBER_FORMAT,
  TARGET_LABELS,
  WORKBOOK_SHEETS,
} from './yearly-workbook';
