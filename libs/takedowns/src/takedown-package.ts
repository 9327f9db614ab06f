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
import { EvidenceMediaType, PageCaseStatus, PlatformName, REPORT_CATEGORIES, ReportCategory } from '@app/contracts';
import { formatDateTime, formatNumber, xmlSafe } from '@app/reporting';

/**
 * Everything a takedown package shows, gathered from the records of one page case for one
 * reader: the page and its counts over every report, but the reports, reporters, evidence
 * and reviewers of the reader's scope only (ADR 013).
 */
export interface TakedownPackageData {
  pageCaseId: string;
  canonicalUrl: string;
  platform: PlatformName;
  category: ReportCategory;
  categoryCounts: Record<ReportCategory, number>;
  status: PageCaseStatus;
  reportCount: number;
  reporterCount: number;
  firstReportedAt: Date | null;
  lastReportedAt: Date | null;
  reporters: { name: string; unit: string; reports: number }[];
  reports: { id: string; createdAt: Date; reporter: string; unit: string; category: ReportCategory; url: string; description: string | null }[];
  evidence: { id: string; reportId: string; mediaType: EvidenceMediaType; size: number; sha256: string; createdAt: Date }[];
  /** Every status change; one made outside the reader's scope comes as what and when only (actor and unit null). */
  history: {
    createdAt: Date;
    fromStatus: PageCaseStatus;
    toStatus: PageCaseStatus;
    actor: string | null;
    unit: string | null;
    note: string | null;
    platformRef: string | null;
  }[];
  /** Whom the package is built for, and how much of the case lies outside their scope (counted, never named). */
  reader: { scope: string; otherReports: number; otherEvidence: number };
  builtAt: Date;
  /** ORG_TIMEZONE: every time is written in the organisation's zone. */
  timeZone: string;
}

/** Vietnamese names of the categories, as the secretariat writes them in a request. */
export const CATEGORY_LABELS: Record<ReportCategory, string> = {
  false_information: 'Thông tin sai sự thật',
  scam: 'Lừa đảo',
  impersonation: 'Mạo danh',
  incitement: 'Kích động',
  hate: 'Thù ghét, xúc phạm',
  other: 'Khác',
};

/** Vietnamese names of the case statuses, as the package and the web app show them. */
export const STATUS_LABELS: Record<PageCaseStatus, string> = {
  new: 'Mới tiếp nhận',
  verified: 'Đã xác minh',
  rejected: 'Không xử lý',
  removal_requested: 'Đã đề nghị gỡ bỏ',
  removed: 'Đã bị gỡ bỏ',
  still_online: 'Vẫn còn hoạt động',
};

const PLATFORM_LABELS: Record<PlatformName, string> = {
  facebook: 'Facebook',
  zalo: 'Zalo',
  tiktok: 'TikTok',
  youtube: 'YouTube',
  x: 'X (Twitter)',
  instagram: 'Instagram',
  telegram: 'Telegram',
  website: 'Trang web',
  other: 'Khác',
};

const MEDIA_LABELS: Record<EvidenceMediaType, string> = {
  'image/png': 'Ảnh PNG',
  'image/jpeg': 'Ảnh JPEG',
  'application/pdf': 'Tệp PDF',
};

/** The media type of a built package. */
export const DOCX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** Stands in for the author and unit of a change made outside the reader's scope. */
export const OUTSIDE_SCOPE = 'Đơn vị ngoài phạm vi';

/**
 * Builds the DOCX, in Vietnamese, that the secretariat files through the platform's own
 * reporting channel: the page, why it is harmful, who reported it, the evidence with its
 * hashes, and every decision taken on the case — as far as its reader may see them; the
 * rest of the case is only counted. Lan Tỏa never sends it anywhere.
 */
export async function buildTakedownPackage(data: TakedownPackageData): Promise<Buffer> {
  const when = (at: Date) => formatDateTime(at, data.timeZone);
  const counts = REPORT_CATEGORIES.filter((c) => data.categoryCounts[c] > 0)
    .map((c) => `${CATEGORY_LABELS[c]}: ${formatNumber(data.categoryCounts[c])}`)
    .join('; ');

  const children: (Paragraph | Table)[] = [
    new Paragraph({ text: 'HỒ SƠ ĐỀ NGHỊ GỠ BỎ TRANG CÓ THÔNG TIN XẤU ĐỘC', heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [new TextRun({ text: `Hồ sơ vụ việc số ${data.pageCaseId} — lập lúc ${when(data.builtAt)}`, italics: true })],
    }),
    field('Lập cho', data.reader.scope),
    heading('1. Trang bị phản ánh'),
    field('Địa chỉ (URL chuẩn hóa)', data.canonicalUrl),
    field('Nền tảng', PLATFORM_LABELS[data.platform]),
    field('Phân loại', `${CATEGORY_LABELS[data.category]} (${counts})`),
    field('Tình trạng xử lý', STATUS_LABELS[data.status]),
    field('Số lượt phản ánh', formatNumber(data.reportCount)),
    field('Số người phản ánh', formatNumber(data.reporterCount)),
    field('Phản ánh lần đầu', data.firstReportedAt ? when(data.firstReportedAt) : '—'),
    field('Phản ánh gần nhất', data.lastReportedAt ? when(data.lastReportedAt) : '—'),

    heading('2. Người phản ánh'),
    table(
      ['Họ và tên', 'Đơn vị', 'Số lượt'],
      data.reporters.map((r) => [r.name, r.unit, formatNumber(r.reports)]),
    ),
    ...outsideNote(data.reader.otherReports, 'lượt phản ánh từ đơn vị ngoài phạm vi; hồ sơ không nêu người phản ánh, đơn vị và nội dung của các lượt này.'),

    heading('3. Nội dung phản ánh'),
    ...(data.reports.length === 0
      ? [new Paragraph('Chưa có phản ánh.')]
      : data.reports.flatMap((r, i) => [
          new Paragraph({
            children: [
              new TextRun({ text: `${i + 1}. ${when(r.createdAt)} — ${xmlSafe(r.reporter)} (${xmlSafe(r.unit)}) — `, bold: true }),
              new TextRun({ text: CATEGORY_LABELS[r.category] }),
            ],
          }),
          new Paragraph({ children: [new TextRun({ text: `Địa chỉ đã phản ánh: ${xmlSafe(r.url)}`, italics: true })] }),
          ...lines(r.description ?? '(không có mô tả)').map((line) => new Paragraph({ text: line, indent: { left: 360 } })),
        ])),

    heading('4. Bằng chứng'),
    table(
      ['Tệp', 'Loại', 'Dung lượng', 'Mã băm SHA-256', 'Thời điểm lưu'],
      data.evidence.map((e) => [
        `${e.id} (phản ánh ${e.reportId})`,
        MEDIA_LABELS[e.mediaType],
        `${formatNumber(e.size)} byte`,
        e.sha256,
        when(e.createdAt),
      ]),
    ),
    ...outsideNote(data.reader.otherEvidence, 'tệp bằng chứng kèm các phản ánh ngoài phạm vi, không nêu ở đây.'),

    heading('5. Quá trình xử lý'),
    table(
      ['Thời điểm', 'Chuyển trạng thái', 'Người thực hiện', 'Đơn vị', 'Ghi chú', 'Mã tham chiếu của nền tảng'],
      data.history.map((h) => [
        when(h.createdAt),
        `${STATUS_LABELS[h.fromStatus]} → ${STATUS_LABELS[h.toStatus]}`,
        h.actor ?? OUTSIDE_SCOPE,
        h.unit ?? '',
        h.note ?? '',
        h.platformRef ?? '',
      ]),
    ),

    new Paragraph({
      spacing: { before: 240 },
      children: [
        new TextRun({
          text:
            'Hồ sơ này được nộp qua kênh báo cáo chính thức của nền tảng. Lan Tỏa chỉ lưu hồ sơ, ' +
            'không tự liên hệ hay gửi báo cáo tới nền tảng.',
          italics: true,
        }),
      ],
    }),
  ];

  const document = new Document({
    creator: 'Lan Tỏa',
    title: `Hồ sơ đề nghị gỡ bỏ — ${data.canonicalUrl}`,
    description: `Vụ việc ${data.pageCaseId}`,
    styles: { default: { document: { run: { font: 'Times New Roman', size: 26 } } } },
    sections: [{ children }],
  });
  return Packer.toBuffer(document);
}

/** "Ngoài ra còn N …" when part of the case lies outside the reader's scope; nothing otherwise. */
function outsideNote(count: number, what: string): Paragraph[] {
  if (count === 0) return [];
  return [new Paragraph({ children: [new TextRun({ text: `Ngoài ra còn ${formatNumber(count)} ${what}`, italics: true })] })];
}

function heading(text: string): Paragraph {
  return new Paragraph({ text, heading: HeadingLevel.HEADING_1, spacing: { before: 240, after: 120 } });
}

function field(label: string, value: string): Paragraph {
  return new Paragraph({ children: [new TextRun({ text: `${label}: `, bold: true }), new TextRun({ text: xmlSafe(value) })] });
}

function table(header: string[], rows: string[][]): Table | Paragraph {
  if (rows.length === 0) return new Paragraph('Không có.');
  const row = (cells: string[], bold: boolean) =>
    new TableRow({
      tableHeader: bold,
      children: cells.map(
        (text) => new TableCell({ children: lines(text).map((line) => new Paragraph({ children: [new TextRun({ text: line, bold })] })) }),
      ),
    });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [row(header, true), ...rows.map((cells) => row(cells, false))],
  });
}

function lines(text: string): string[] {
  const split = xmlSafe(text).split(/\r?\n/);
  return split.length ? split : [''];
}
