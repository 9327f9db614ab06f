import ExcelJS from 'exceljs';
import { FIGURE_NAMES } from '@app/contracts';
import { FIGURE_LABELS } from './figure-labels';
import { buildYearlyWorkbook, MONTHLY_FIGURE_NAMES, NUMBER_FORMAT, WORKBOOK_SHEETS } from './yearly-workbook';
import { REFERENCE_FIGURES, sampleReport } from './yearly-report.fixture';

async function open(content: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(content as unknown as ExcelJS.Buffer);
  return workbook;
}

const sheet = (workbook: ExcelJS.Workbook, name: string): ExcelJS.Worksheet => {
  const found = workbook.getWorksheet(name);
  if (!found) throw new Error(`no sheet ${name}`);
  return found;
};

/** The row whose column `column` holds `value`. */
function rowWhere(ws: ExcelJS.Worksheet, column: number, value: unknown): ExcelJS.Row {
  for (let r = 1; r <= ws.rowCount; r++) if (ws.getRow(r).getCell(column).value === value) return ws.getRow(r);
  throw new Error(`no row with ${String(value)} in column ${column} of ${ws.name}`);
}

/** The 1-based column whose header (row 1) is `label`. */
function columnOf(ws: ExcelJS.Worksheet, label: string): number {
  const header = ws.getRow(1);
  for (let c = 1; c <= ws.columnCount; c++) if (header.getCell(c).value === label) return c;
  throw new Error(`no column ${label} in ${ws.name}`);
}

describe('buildYearlyWorkbook', () => {
  let workbook: ExcelJS.Workbook;

  beforeAll(async () => {
    const content = await buildYearlyWorkbook(sampleReport());
    expect(content.subarray(0, 2).toString('latin1')).toBe('PK');
    workbook = await open(content);
  });

  it('has the four sheets, in order', () => {
    expect(workbook.worksheets.map((ws) => ws.name)).toEqual(['Số liệu', 'Theo đơn vị', 'Theo tháng', 'Tiến độ thành viên']);
    expect(Object.values(WORKBOOK_SHEETS)).toEqual(workbook.worksheets.map((ws) => ws.name));
  });

  it('gives every figure, last year and the change as real number cells with a thousands format', () => {
    const ws = sheet(workbook, 'Số liệu');
    for (const name of FIGURE_NAMES) {
      const row = rowWhere(ws, 5, name);
      expect(row.getCell(1).value).toBe(FIGURE_LABELS[name]);
      expect(row.getCell(2).value).toBe(REFERENCE_FIGURES[name]);
      expect(row.getCell(2).numFmt).toBe(NUMBER_FORMAT);
    }
    const shares = rowWhere(ws, 5, 'shares');
    expect([shares.getCell(2).value, shares.getCell(3).value, shares.getCell(4).value]).toEqual([1064, 962, 102]);
    const reach = rowWhere(ws, 5, 'reach');
    expect([reach.getCell(2).value, reach.getCell(3).value, reach.getCell(4).value]).toEqual([12350, 15000, -2650]);
    expect(reach.getCell(4).numFmt).toBe(NUMBER_FORMAT);
  });

  it('heads the figures with the unit, the year and the time they are exact as of, in the organisation’s zone', () => {
    const ws = sheet(workbook, 'Số liệu');
    expect(ws.getRow(1).values).toEqual([undefined, 'Đơn vị', 'Đảng ủy Khối <Cơ quan> & Doanh nghiệp']);
    expect(ws.getRow(2).getCell(2).value).toBe(2023);
    expect(ws.getRow(3).getCell(2).value).toBe('02/01/2024 10:04');
    expect(ws.getRow(5).getCell(2).value).toBe('Năm 2023');
    expect(ws.getRow(5).getCell(3).value).toBe('Năm 2022');
  });

  it('tells the target standing', () => {
    const ws = sheet(workbook, 'Số liệu');
    expect(rowWhere(ws, 5, 'target.perMember').getCell(2).value).toBe(100);
    expect(rowWhere(ws, 5, 'target.membersMeeting').getCell(2).value).toBe(2);
    expect(rowWhere(ws, 5, 'target.membersTotal').getCell(2).value).toBe(3);
  });

  it('says so when no target is in force', async () => {
    const report = sampleReport();
    const bare = await open(await buildYearlyWorkbook({ ...report, stats: { ...report.stats, target: null } }));
    expect(rowWhere(sheet(bare, 'Số liệu'), 5, 'target.perMember').getCell(2).value).toBe('Chưa giao chỉ tiêu');
  });

  it('has one row per unit and the unit’s total, with every figure as a number', () => {
    const ws = sheet(workbook, 'Theo đơn vị');
    expect(ws.rowCount).toBe(1 + 3 + 1);
    const shares = columnOf(ws, FIGURE_LABELS.shares);
    const reach = columnOf(ws, FIGURE_LABELS.reach);
    const rows = [2, 3, 4, 5].map((r) => ws.getRow(r));
    expect(rows.map((row) => row.getCell(1).value)).toEqual(['Đảng ủy Khối (cơ quan)', 'Chi bộ Sở Thông tin', 'Chi bộ Báo tỉnh', 'Toàn đơn vị']);
    expect(rows.map((row) => row.getCell(2).value)).toEqual(['5', '6', '7', '5']);
    expect(rows.map((row) => row.getCell(shares).value)).toEqual([64, 600, 400, 1064]);
    expect(rows.map((row) => row.getCell(reach).value)).toEqual([350, 7000, 5000, 12350]);
    expect(rows[3].getCell(shares).numFmt).toBe(NUMBER_FORMAT);
    expect(FIGURE_NAMES.every((name) => typeof rows[3].getCell(columnOf(ws, FIGURE_LABELS[name])).value === 'number')).toBe(true);
    const meeting = columnOf(ws, 'Thành viên đạt chỉ tiêu');
    expect(rows.map((row) => row.getCell(meeting).value)).toEqual([null, 1, null, 2]);
  });

  it('has the twelve months in order and the year’s total, without the figures a month cannot tell', () => {
    const ws = sheet(workbook, 'Theo tháng');
    expect(ws.rowCount).toBe(1 + 12 + 1);
    expect(ws.getRow(2).getCell(1).value).toBe('01/2023');
    expect(ws.getRow(13).getCell(1).value).toBe('12/2023');
    expect(ws.getRow(14).getCell(1).value).toBe('Cả năm 2023');
    const shares = columnOf(ws, FIGURE_LABELS.shares);
    expect([ws.getRow(2).getCell(shares).value, ws.getRow(3).getCell(shares).value, ws.getRow(14).getCell(shares).value]).toEqual([
      1000, 64, 1064,
    ]);
    expect(ws.getRow(2).getCell(shares).numFmt).toBe(NUMBER_FORMAT);
    expect(ws.getRow(1).cellCount).toBe(1 + MONTHLY_FIGURE_NAMES.length);
    expect(() => columnOf(ws, FIGURE_LABELS.members)).toThrow();
    expect(() => columnOf(ws, FIGURE_LABELS.pagesReported)).toThrow();
  });

  it('lists each member with their count, what is left and whether they meet the target', () => {
    const ws = sheet(workbook, 'Tiến độ thành viên');
    expect(ws.rowCount).toBe(4);
    expect(ws.getRow(2).values).toEqual([undefined, 'Nguyễn Văn An', 'an.nv', 'Chi bộ Sở Thông tin', 100, 1064, 0, 'Đạt']);
    expect(ws.getRow(3).values).toEqual([undefined, 'Trần Thị Bình', 'binh.tt', 'Chi bộ Sở Thông tin', 100, 40, 60, 'Chưa đạt']);
    expect(ws.getRow(4).getCell(5).value).toBe(7);
    expect(ws.getRow(4).getCell(4).value).toBeNull();
    expect(ws.getRow(4).getCell(7).value).toBe('Chưa giao chỉ tiêu');
    expect(ws.getRow(2).getCell(5).numFmt).toBe(NUMBER_FORMAT);
  });
});
