import JSZip from 'jszip';
import { buildTakedownPackage, OUTSIDE_SCOPE, TakedownPackageData } from './takedown-package';

const HASH_A = 'a'.repeat(64);
const HASH_B = '0123456789abcdef'.repeat(4);

const data = (over: Partial<TakedownPackageData> = {}): TakedownPackageData => ({
  pageCaseId: '42',
  canonicalUrl: 'https://facebook.com/trang.gia.mao?id=1&x=<2>',
  platform: 'facebook',
  category: 'scam',
  categoryCounts: { false_information: 1, scam: 2, impersonation: 0, incitement: 0, hate: 0, other: 0 },
  status: 'removal_requested',
  reportCount: 3,
  reporterCount: 2,
  // 2023-12-31T18:00Z is 01/01/2024 01:00 in Hà Nội.
  firstReportedAt: new Date('2023-12-31T18:00:00Z'),
  lastReportedAt: new Date('2024-03-01T02:30:00Z'),
  reporters: [
    { name: 'Nguyễn Văn An', unit: 'Chi bộ Phường 1', reports: 2 },
    { name: 'Trần Thị Bình', unit: 'Chi bộ Phường 2', reports: 1 },
  ],
  reports: [
    {
      id: '7',
      createdAt: new Date('2023-12-31T18:00:00Z'),
      reporter: 'Nguyễn Văn An',
      unit: 'Chi bộ Phường 1',
      category: 'scam',
      url: 'https://m.facebook.com/trang.gia.mao',
      description: 'Trang giả mạo <script>alert("x")</script> & lừa đảo\u0001\nDòng thứ hai',
    },
    {
      id: '8',
      createdAt: new Date('2024-03-01T02:30:00Z'),
      reporter: 'Trần Thị Bình',
      unit: 'Chi bộ Phường 2',
      category: 'false_information',
      url: 'https://fb.com/trang.gia.mao',
      description: null,
    },
  ],
  evidence: [
    { id: '11111111-1111-4111-8111-111111111111', reportId: '7', mediaType: 'image/png', size: 1064, sha256: HASH_A, createdAt: new Date('2024-01-02T03:04:05Z') },
    { id: '22222222-2222-4222-8222-222222222222', reportId: '8', mediaType: 'application/pdf', size: 12, sha256: HASH_B, createdAt: new Date('2024-03-02T03:04:05Z') },
  ],
  history: [
    { createdAt: new Date('2024-03-03T01:00:00Z'), fromStatus: 'new', toStatus: 'verified', actor: 'Lê Thư Ký', unit: 'Ban Tuyên giáo', note: 'Đã kiểm tra', platformRef: null },
    { createdAt: new Date('2024-03-04T01:00:00Z'), fromStatus: 'verified', toStatus: 'removal_requested', actor: 'Lê Thư Ký', unit: 'Ban Tuyên giáo', note: null, platformRef: 'FB-TICKET-998' },
  ],
  reader: { scope: 'Ban Tuyên giáo và các đơn vị trực thuộc', otherReports: 0, otherEvidence: 0 },
  builtAt: new Date('2024-03-05T01:00:00Z'),
  timeZone: 'Asia/Ho_Chi_Minh',
  ...over,
});

async function documentXml(content: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(content);
  const file = zip.file('word/document.xml');
  if (!file) throw new Error('no word/document.xml in the package');
  return file.async('string');
}

/** The text of the document, runs joined, for phrases that may be split across runs. */
const textOf = (xml: string) => [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');

describe('buildTakedownPackage', () => {
  let xml: string;
  let text: string;

  beforeAll(async () => {
    const content = await buildTakedownPackage(data());
    expect(content.subarray(0, 2).toString('latin1')).toBe('PK');
    xml = await documentXml(content);
    text = textOf(xml);
  });

  it('names the page, its platform and its category in Vietnamese', () => {
    expect(text).toContain('HỒ SƠ ĐỀ NGHỊ GỠ BỎ TRANG CÓ THÔNG TIN XẤU ĐỘC');
    expect(text).toContain('https://facebook.com/trang.gia.mao?id=1&amp;x=&lt;2&gt;');
    expect(text).toContain('Nền tảng: Facebook');
    expect(text).toContain('Phân loại: Lừa đảo (Thông tin sai sự thật: 1; Lừa đảo: 2)');
  });

  it('gives the counts and the first and last report in the organisation’s zone, dd/mm/yyyy', () => {
    expect(text).toContain('Số lượt phản ánh: 3');
    expect(text).toContain('Số người phản ánh: 2');
    expect(text).toContain('Phản ánh lần đầu: 01/01/2024 01:00');
    expect(text).toContain('Phản ánh gần nhất: 01/03/2024 09:30');
  });

  it('lists the reporters with their units, and every description', () => {
    for (const name of ['Nguyễn Văn An', 'Trần Thị Bình', 'Chi bộ Phường 1', 'Chi bộ Phường 2']) expect(text).toContain(name);
    expect(text).toContain('Dòng thứ hai');
    expect(text).toContain('(không có mô tả)');
  });

  it('lists every evidence file with its hash, size and time', () => {
    expect(text).toContain(HASH_A);
    expect(text).toContain(HASH_B);
    expect(text).toContain('1.064 byte');
    expect(text).toContain('02/01/2024 10:04');
  });

  it('carries the case history with who, where and the platform’s reference', () => {
    expect(text).toContain('Mới tiếp nhận → Đã xác minh');
    expect(text).toContain('Đã xác minh → Đã đề nghị gỡ bỏ');
    expect(text).toContain('Lê Thư Ký');
    expect(text).toContain('FB-TICKET-998');
  });

  it('escapes markup in what reporters typed and drops characters XML cannot hold', () => {
    expect(xml).not.toContain('<script>');
    expect(text).toContain('&lt;script&gt;');
    expect(xml).not.toContain('\u0001');
  });

  it('still builds a case without evidence or history', async () => {
    const bare = textOf(await documentXml(await buildTakedownPackage(data({ evidence: [], history: [] }))));
    expect(bare).toContain('Không có.');
    expect(bare).not.toContain(HASH_A);
  });

  it('says whom it was built for, and says nothing of a part outside their scope when there is none', () => {
    expect(text).toContain('Lập cho: Ban Tuyên giáo và các đơn vị trực thuộc');
    expect(text).not.toContain('Ngoài ra còn');
    expect(text).not.toContain(OUTSIDE_SCOPE);
  });

  it('counts what lies outside the reader’s scope, and shows a change made there as what and when only', async () => {
    const outside = textOf(
      await documentXml(
        await buildTakedownPackage(
          data({
            reportCount: 5,
            reader: { scope: 'Chi bộ Phường 1', otherReports: 3, otherEvidence: 2 },
            history: [
              { createdAt: new Date('2024-03-03T01:00:00Z'), fromStatus: 'new', toStatus: 'verified', actor: null, unit: null, note: null, platformRef: null },
            ],
          }),
        ),
      ),
    );
    expect(outside).toContain('Lập cho: Chi bộ Phường 1');
    expect(outside).toContain('Số lượt phản ánh: 5');
    expect(outside).toContain('Ngoài ra còn 3 lượt phản ánh từ đơn vị ngoài phạm vi');
    expect(outside).toContain('Ngoài ra còn 2 tệp bằng chứng kèm các phản ánh ngoài phạm vi');
    expect(outside).toContain(`Mới tiếp nhận → Đã xác minh${OUTSIDE_SCOPE}`);
    expect(outside).not.toContain('Lê Thư Ký');
  });
});
