import JSZip from 'jszip';
import { buildYearlySummaryDocument } from './yearly-summary-document';
import { sampleReport } from './yearly-report.fixture';

async function textOf(content: Buffer): Promise<{ xml: string; text: string }> {
  const zip = await JSZip.loadAsync(content);
  const file = zip.file('word/document.xml');
  if (!file) throw new Error('no word/document.xml in the package');
  const xml = await file.async('string');
  return { xml, text: [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('') };
}

describe('buildYearlySummaryDocument', () => {
  const summary = ['Năm 2023, đơn vị đã đăng tải, chia sẻ 1.064 bài viết.', 'Đoạn thứ hai <b>không</b> phải thẻ.'];
  let xml: string;
  let text: string;

  beforeAll(async () => {
    const content = await buildYearlySummaryDocument(sampleReport(), summary);
    expect(content.subarray(0, 2).toString('latin1')).toBe('PK');
    ({ xml, text } = await textOf(content));
  });

  it('has the title, the unit and the time the figures are exact as of', () => {
    expect(text).toContain('BÁO CÁO TỔNG KẾT CÔNG TÁC NĂM 2023');
    expect(text).toContain('Đảng ủy Khối &lt;Cơ quan&gt; &amp; Doanh nghiệp');
    expect(text).toContain('Số liệu tính đến 02/01/2024 10:04');
  });

  it('carries each summary paragraph as its own paragraph', () => {
    expect(text).toContain(summary[0]);
    expect(text).toContain('Đoạn thứ hai &lt;b&gt;không&lt;/b&gt; phải thẻ.');
    const paragraphs = [...xml.matchAll(/<w:p[ >].*?<\/w:p>/gs)].map((m) => m[0]);
    expect(paragraphs.filter((p) => p.includes('1.064 bài viết.'))).toHaveLength(1);
    expect(paragraphs.find((p) => p.includes('1.064 bài viết.'))).not.toContain('Đoạn thứ hai');
  });

  it('compares the year’s figures with last year, in vi-VN numbers', () => {
    expect(text).toContain('II. SỐ LIỆU NĂM 2023 SO VỚI NĂM 2022');
    expect(text).toContain('Bài viết được đăng tải, chia sẻ1.064962+102');
    expect(text).toContain('Lượt tiếp cận của bài viết đăng tải, chia sẻ12.35015.000-2.650');
    expect(text).toContain('Lượt thành viên tham gia thực hiện nhiệm vụ13.9840+13.984');
  });

  it('has a row per unit and the total, with the target standing', () => {
    expect(text).toContain('III. SỐ LIỆU THEO ĐƠN VỊ');
    expect(text).toContain('Chi bộ Sở Thông tin0600' + '7.000');
    expect(text).toContain('Chi bộ Báo tỉnh0400' + '5.000');
    expect(text).toMatch(/Chi bộ Sở Thông tin.*1\/2/);
    expect(text).toMatch(/Toàn đơn vị831\.06412\.35013\.98476500120 ?2\/3/);
  });

  it('drops characters XML cannot hold', () => {
    expect(xml).not.toContain('\u0001');
  });
});
