import {
  AlignmentType,
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { FIGURE_NAMES, FigureValues } from '@app/contracts';
import { FIGURE_LABELS, FIGURE_SHORT_LABELS } from './figure-labels';
import { YearlyReport } from './yearly-report';
import { formatDateTime, formatNumber, formatSignedNumber } from './vietnamese-format';
import { xmlSafe } from './xml-text';

/** The figures the per-unit table of the DOCX shows (the XLSX has them all). */
export const DOCX_UNIT_COLUMNS: readonly (keyof FigureValues)[] = [
  'websitePosts',
  'shares',
  'reach',
  'participations',
  'pagesReported',
  'questionnaires',
  'members',
];

/**
 * The year-end summary as a DOCX, in Vietnamese: the paragraphs rendered from the
 * secretariat's template, the figures against last year, and the per-unit table.
 */
export async function buildYearlySummaryDocument(report: YearlyReport, summary: readonly string[]): Promise<Buffer> {
  const { stats } = report;
  const previous = report.year - 1;
  const children: (Paragraph | Table)[] = [
    new Paragraph({
      text: `BÁO CÁO TỔNG KẾT CÔNG TÁC NĂM ${report.year}`,
      heading: HeadingLevel.TITLE,
      alignment: AlignmentType.CENTER,
    }),
    new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: xmlSafe(report.unitName), bold: true })] }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [new TextRun({ text: `Số liệu tính đến ${formatDateTime(new Date(stats.asOf), report.timeZone)}`, italics: true })],
    }),

    heading(`I. KẾT QUẢ NĂM ${report.year}`),
    ...(summary.length === 0 ? [new Paragraph('')] : summary.map((text) => prose(text))),

    heading(`II. SỐ LIỆU NĂM ${report.year} SO VỚI NĂM ${previous}`),
    table(
      ['Số liệu', `Năm ${report.year}`, `Năm ${previous}`, 'Tăng/giảm'],
      FIGURE_NAMES.map((name) => {
        const before = stats.previousYear?.[name] ?? 0;
        return [FIGURE_LABELS[name], formatNumber(stats[name]), formatNumber(before), formatSignedNumber(stats[name] - before)];
      }),
    ),

    heading('III. SỐ LIỆU THEO ĐƠN VỊ'),
    table(
      ['Đơn vị', ...DOCX_UNIT_COLUMNS.map((name) => FIGURE_SHORT_LABELS[name]), 'Đạt chỉ tiêu'],
      [
        ...report.byUnit.map((unit) => unitRow(unit.orgUnitName, unit)),
        unitRow('Toàn đơn vị', stats),
      ],
    ),

    new Paragraph({
      spacing: { before: 240 },
      children: [
        new TextRun({
          text: 'Số liệu được Lan Tỏa tổng hợp từ các bản ghi do thành viên, tổ thư ký và cộng tác viên cập nhật trong năm.',
          italics: true,
        }),
      ],
    }),
  ];

  const document = new Document({
    creator: 'Lan Tỏa',
    title: `Báo cáo tổng kết năm ${report.year} — ${xmlSafe(report.unitName)}`,
    description: `Số liệu năm ${report.year} của đơn vị ${report.orgUnitId}`,
    styles: { default: { document: { run: { font: 'Times New Roman', size: 26 } } } },
    sections: [{ children }],
  });
  return Packer.toBuffer(document);
}

function unitRow(name: string, figures: FigureValues & { target: YearlyReport['stats']['target'] }): string[] {
  const standing = figures.target ? `${formatNumber(figures.target.membersMeeting)}/${formatNumber(figures.target.membersTotal)}` : '—';
  return [name, ...DOCX_UNIT_COLUMNS.map((column) => formatNumber(figures[column])), standing];
}

function heading(text: string): Paragraph {
  return new Paragraph({ text, heading: HeadingLevel.HEADING_1, spacing: { before: 240, after: 120 } });
}

function prose(text: string): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    indent: { firstLine: 567 },
    spacing: { after: 120 },
    children: [new TextRun({ text: xmlSafe(text) })],
  });
}

function table(header: string[], rows: string[][]): Table {
  const row = (cells: string[], bold: boolean) =>
    new TableRow({
      tableHeader: bold,
      children: cells.map(
        (text, i) =>
          new TableCell({
            children: [
              new Paragraph({
                alignment: i === 0 || bold ? AlignmentType.LEFT : AlignmentType.RIGHT,
                children: [new TextRun({ text: xmlSafe(text), bold, size: 22 })],
              }),
            ],
          }),
      ),
    });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [row(header, true), ...rows.map((cells) => row(cells, false))],
  });
}
