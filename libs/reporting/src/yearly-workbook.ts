import ExcelJS from 'exceljs';
import { FIGURE_NAMES, FigureValues } from '@app/contracts';
import { FIGURE_LABELS } from './figure-labels';
import { MemberProgressRow, MonthlyFigureName, YearlyReport } from './yearly-report';
import { formatDateTime, formatMonth } from './vietnamese-format';
import { xmlSafe } from './xml-text';

/** Sheet names, in order. */
export const WORKBOOK_SHEETS = {
  figures: 'Số liệu',
  byUnit: 'Theo đơn vị',
  byMonth: 'Theo tháng',
  members: 'Tiến độ thành viên',
} as const;

/** Excel's own thousands format: each reader's locale decides the separator (1.064 in vi-VN). */
export const NUMBER_FORMAT = '#,##0';

/** The figures that can be told per month, in the order of FIGURE_NAMES. */
export const MONTHLY_FIGURE_NAMES = FIGURE_NAMES.filter(
  (name): name is MonthlyFigureName => name !== 'members' && name !== 'pagesReported' && name !== 'surveyUnits',
);

/** Labels of the target rows and columns. */
export const TARGET_LABELS = {
  perMember: 'Chỉ tiêu mỗi thành viên (tin, bài/người)',
  membersMeeting: 'Thành viên đạt chỉ tiêu',
  membersTotal: 'Thành viên thuộc diện chỉ tiêu',
  none: 'Chưa giao chỉ tiêu',
} as const;

/** Words of the members' sheet. */
export const MEMBER_STANDING = { meets: 'Đạt', short: 'Chưa đạt', noTarget: 'Chưa giao chỉ tiêu' } as const;

type Cell = string | number | null;

/**
 * The XLSX of a yearly export: the figures against last year, per unit, per month, and
 * each member's progress. Every count is a real number cell, so the sheets add up in Excel.
 */
export async function buildYearlyWorkbook(report: YearlyReport): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Lan Tỏa';
  workbook.created = report.builtAt;
  workbook.title = `Số liệu năm ${report.year} — ${xmlSafe(report.unitName)}`;

  figuresSheet(workbook.addWorksheet(WORKBOOK_SHEETS.figures), report);
  byUnitSheet(workbook.addWorksheet(WORKBOOK_SHEETS.byUnit), report);
  byMonthSheet(workbook.addWorksheet(WORKBOOK_SHEETS.byMonth), report);
  membersSheet(workbook.addWorksheet(WORKBOOK_SHEETS.members), report.members);

  return Buffer.from((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
}

function figuresSheet(sheet: ExcelJS.Worksheet, report: YearlyReport): void {
  const { stats } = report;
  sheet.addRow(['Đơn vị', xmlSafe(report.unitName)]);
  sheet.addRow(['Năm', report.year]);
  sheet.addRow(['Số liệu tính đến', formatDateTime(new Date(stats.asOf), report.timeZone)]);
  sheet.addRow([]);
  const header = sheet.addRow(['Số liệu', `Năm ${report.year}`, `Năm ${report.year - 1}`, 'Tăng/giảm', 'Mã số liệu']);
  header.font = { bold: true };
  for (const name of FIGURE_NAMES) {
    const before = stats.previousYear?.[name] ?? 0;
    numbers(sheet.addRow([FIGURE_LABELS[name], stats[name], before, stats[name] - before, name]), [2, 3, 4]);
  }
  sheet.addRow([]);
  if (stats.target) {
    numbers(sheet.addRow([TARGET_LABELS.perMember, stats.target.perMember, null, null, 'target.perMember']), [2]);
    numbers(sheet.addRow([TARGET_LABELS.membersMeeting, stats.target.membersMeeting, null, null, 'target.membersMeeting']), [2]);
    numbers(sheet.addRow([TARGET_LABELS.membersTotal, stats.target.membersTotal, null, null, 'target.membersTotal']), [2]);
  } else {
    sheet.addRow([TARGET_LABELS.perMember, TARGET_LABELS.none, null, null, 'target.perMember']);
  }
  sheet.getColumn(1).width = 62;
  for (const column of [2, 3, 4]) sheet.getColumn(column).width = 14;
  sheet.getColumn(5).width = 24;
  sheet.views = [{ state: 'frozen', ySplit: 5 }];
}

function byUnitSheet(sheet: ExcelJS.Worksheet, report: YearlyReport): void {
  const header = sheet.addRow([
    'Đơn vị',
    'Mã đơn vị',
    ...FIGURE_NAMES.map((name) => FIGURE_LABELS[name]),
    TARGET_LABELS.perMember,
    TARGET_LABELS.membersMeeting,
  ]);
  styleHeader(header);
  const figureColumns = FIGURE_NAMES.map((_, i) => i + 3);
  const targetColumns = [FIGURE_NAMES.length + 3, FIGURE_NAMES.length + 4];
  const row = (name: string, id: string, values: FigureValues & { target: YearlyReport['stats']['target'] }): Cell[] => [
    xmlSafe(name),
    id,
    ...FIGURE_NAMES.map((figure) => values[figure]),
    values.target?.perMember ?? null,
    values.target?.membersMeeting ?? null,
  ];
  for (const unit of report.byUnit) {
    numbers(sheet.addRow(row(unit.orgUnitName, unit.orgUnitId, unit)), [...figureColumns, ...targetColumns]);
  }
  const total = sheet.addRow(row('Toàn đơn vị', report.orgUnitId, report.stats));
  total.font = { bold: true };
  numbers(total, [...figureColumns, ...targetColumns]);
  sheet.getColumn(1).width = 40;
  sheet.getColumn(2).width = 11;
  for (const column of [...figureColumns, ...targetColumns]) sheet.getColumn(column).width = 16;
  sheet.views = [{ state: 'frozen', xSplit: 1, ySplit: 1 }];
}

function byMonthSheet(sheet: ExcelJS.Worksheet, report: YearlyReport): void {
  styleHeader(sheet.addRow(['Tháng', ...MONTHLY_FIGURE_NAMES.map((name) => FIGURE_LABELS[name])]));
  const columns = MONTHLY_FIGURE_NAMES.map((_, i) => i + 2);
  const months = [...report.byMonth].sort((a, b) => a.month.localeCompare(b.month));
  for (const month of months) {
    numbers(sheet.addRow([formatMonth(month.month), ...MONTHLY_FIGURE_NAMES.map((name) => month[name])]), columns);
  }
  const total = sheet.addRow([`Cả năm ${report.year}`, ...MONTHLY_FIGURE_NAMES.map((name) => report.stats[name])]);
  total.font = { bold: true };
  numbers(total, columns);
  sheet.getColumn(1).width = 14;
  for (const column of columns) sheet.getColumn(column).width = 16;
  sheet.views = [{ state: 'frozen', xSplit: 1, ySplit: 1 }];
}

function membersSheet(sheet: ExcelJS.Worksheet, members: MemberProgressRow[]): void {
  styleHeader(
    sheet.addRow(['Họ và tên', 'Tên đăng nhập', 'Đơn vị', TARGET_LABELS.perMember, 'Đã thực hiện', 'Còn thiếu', 'Kết quả']),
  );
  for (const member of members) {
    const remaining = member.perMember === null ? null : Math.max(0, member.perMember - member.actions);
    const standing = member.meets === null ? MEMBER_STANDING.noTarget : member.meets ? MEMBER_STANDING.meets : MEMBER_STANDING.short;
    numbers(
      sheet.addRow([
        xmlSafe(member.fullName),
        xmlSafe(member.username),
        xmlSafe(member.orgUnitName),
        member.perMember,
        member.actions,
        remaining,
        standing,
      ]),
      [4, 5, 6],
    );
  }
  sheet.getColumn(1).width = 30;
  sheet.getColumn(2).width = 18;
  sheet.getColumn(3).width = 34;
  for (const column of [4, 5, 6]) sheet.getColumn(column).width = 16;
  sheet.getColumn(7).width = 20;
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  if (members.length > 0) sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: members.length + 1, column: 7 } };
}

function styleHeader(row: ExcelJS.Row): void {
  row.font = { bold: true };
  row.alignment = { wrapText: true, vertical: 'top' };
}

function numbers(row: ExcelJS.Row, columns: number[]): ExcelJS.Row {
  for (const column of columns) row.getCell(column).numFmt = NUMBER_FORMAT;
  return row;
}
