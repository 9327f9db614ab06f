import { FIGURE_NAMES, FigureValues, YearlyStats } from '@app/contracts';
import { ReportingError, ReportingErrorCode } from './reporting.errors';
import {
  DEFAULT_YEARLY_SUMMARY,
  paragraphsOf,
  parseTemplate,
  placeholdersOf,
  renderSummary,
  renderTemplate,
  summaryContext,
  SUMMARY_VOCABULARY,
  TemplateContext,
} from './summary-template';

const zero = (): FigureValues => Object.fromEntries(FIGURE_NAMES.map((name) => [name, 0])) as unknown as FigureValues;

/** The reference summary's figures for 2023, and made-up ones for 2022. */
const REFERENCE_2023: FigureValues = {
  websitePosts: 83,
  websiteInteractions: 2490,
  shares: 1064,
  reach: 12350,
  interactions: 0,
  participations: 13984,
  reportsFiled: 90,
  pagesReported: 76,
  pagesRemovalRequested: 70,
  pagesRemoved: 0,
  surveys: 1,
  surveyUnits: 25,
  questionnaires: 500,
  directives: 4,
  members: 120,
};

const stats = (over: Partial<YearlyStats> = {}): YearlyStats => ({
  ...REFERENCE_2023,
  year: 2023,
  orgUnitId: '5',
  asOf: '2024-01-02T03:04:05.000Z',
  target: { perMember: 100, actionTypes: ['share', 'post'], targetOrgUnitId: '5', membersMeeting: 45, membersTotal: 120, forecastMembersMeeting: 45 },
  previousYear: { ...zero(), shares: 962, reach: 15000, participations: 13984, pagesReported: 80, year: 2022, orgUnitId: '5', target: null },
  ...over,
});

const report = (over: Partial<YearlyStats> = {}) => ({
  year: 2023,
  unitName: 'Đảng ủy Khối Cơ quan tỉnh',
  stats: stats(over),
  timeZone: 'Asia/Ho_Chi_Minh',
});

const context: TemplateContext = {
  values: { year: '2023', unitName: 'Chi bộ A', shares: '1.064', 'previousYear.shares': '962', 'change.shares': '+102' },
  sections: { target: true, pagesRemoved: false },
};

function refusal(body: string): ReportingError {
  try {
    renderTemplate(body, context);
  } catch (error) {
    return error as ReportingError;
  }
  throw new Error(`the template was accepted: ${body}`);
}

describe('renderTemplate', () => {
  it.each<[string, string, string]>([
    ['plain text', 'Không có gì để thay.', 'Không có gì để thay.'],
    ['one value', 'Năm {{year}}.', 'Năm 2023.'],
    ['spaces inside the braces', 'Năm {{ year }}.', 'Năm 2023.'],
    ['a dotted name', '{{previousYear.shares}} → {{shares}} ({{change.shares}})', '962 → 1.064 (+102)'],
    ['the same value twice', '{{year}}/{{year}}', '2023/2023'],
    ['Vietnamese around values', 'Năm {{year}}, {{unitName}} đã đăng tải, chia sẻ {{shares}} bài viết', 'Năm 2023, Chi bộ A đã đăng tải, chia sẻ 1.064 bài viết'],
    ['a section that holds', 'a{{#target}} b {{shares}}{{/target}} c', 'a b 1.064 c'],
    ['a section that does not hold', 'a{{#pagesRemoved}} b{{/pagesRemoved}} c', 'a c'],
    ['an inverted section that holds', 'a{{^pagesRemoved}} không gỡ{{/pagesRemoved}}.', 'a không gỡ.'],
    ['an inverted section that does not hold', 'a{{^target}} không có chỉ tiêu{{/target}}.', 'a.'],
    ['nested sections', '{{#target}}x{{^pagesRemoved}}y{{#pagesRemoved}}z{{/pagesRemoved}}{{/pagesRemoved}}{{/target}}', 'xy'],
    ['single braces are text', 'a {b} {{year}}', 'a {b} 2023'],
    ['line breaks are kept', 'a\n\n{{year}}', 'a\n\n2023'],
  ])('%s', (_case, body, expected) => {
    expect(renderTemplate(body, context)).toBe(expected);
  });

  it.each<[string, string, string[]]>([
    ['an unknown value', 'Năm {{nam}}', ['body: unknown placeholders {{nam}}']],
    ['several unknown values, each once', '{{a}} {{b}} {{a}}', ['unknown placeholders {{a}}, {{b}}']],
    ['an unknown section', '{{#foo}}x{{/foo}}', ['unknown placeholders {{#foo}}']],
    ['a value used as a section', '{{#year}}x{{/year}}', ['{{#year}}']],
    ['a section used as a value', '{{pagesRemoved}}', ['{{pagesRemoved}}']],
    ['a section never closed', '{{#target}}x', ['{{#target}} is never closed']],
    ['a close without an open', 'x{{/target}}', ['{{/target}} closes no open']],
    ['crossed sections', '{{#target}}{{^pagesRemoved}}{{/target}}{{/pagesRemoved}}', ['{{/target}} closes no open']],
    ['a malformed tag', 'a {{ year of }} b', ['{{ year of }} is not a placeholder']],
    ['an empty tag', 'a {{}} b', ['{{}} is not a placeholder']],
    ['a stray opening', 'a {{year b', ['stray']],
    ['a stray closing', 'a year}} b', ['stray']],
    ['everything at once', '{{x}} {{#target}}', ['unknown placeholders {{x}}', 'never closed']],
  ])('refuses %s, naming body', (_case, body, fragments) => {
    const error = refusal(body);
    expect(error).toBeInstanceOf(ReportingError);
    expect(error.code).toBe(ReportingErrorCode.InvalidTemplate);
    expect(error.field).toBe('body');
    expect(error.message.startsWith('body: ')).toBe(true);
    for (const fragment of fragments) expect(error.message).toContain(fragment);
  });
});

describe('paragraphsOf', () => {
  it.each<[string, string, string[]]>([
    ['one paragraph', 'Một đoạn.', ['Một đoạn.']],
    ['a blank line parts paragraphs', 'Một.\n\nHai.', ['Một.', 'Hai.']],
    ['a line of spaces parts them too', 'Một.\n  \t\nHai.', ['Một.', 'Hai.']],
    ['windows line ends', 'Một.\r\n\r\nHai.', ['Một.', 'Hai.']],
    ['a single line break is a space', 'Một\n dòng.', ['Một dòng.']],
    ['empty paragraphs are dropped', '\n\nMột.\n\n\n\n\nHai.\n\n', ['Một.', 'Hai.']],
    ['nothing at all', '  \n\n ', []],
  ])('%s', (_case, text, expected) => {
    expect(paragraphsOf(text)).toEqual(expected);
  });
});

describe('placeholdersOf', () => {
  it('lists each value once, in order, without sections', () => {
    expect(placeholdersOf('{{year}} {{#target}}{{shares}}{{/target}} {{year}} {{ unitName }} {{bad tag}}')).toEqual([
      'year',
      'shares',
      'unitName',
    ]);
  });
});

describe('summaryContext', () => {
  it('gives exactly the vocabulary a saved template is checked against', () => {
    const built = summaryContext(report());
    expect(Object.keys(built.values).sort()).toEqual([...SUMMARY_VOCABULARY.values].sort());
    expect(Object.keys(built.sections).sort()).toEqual([...SUMMARY_VOCABULARY.sections].sort());
  });

  it('formats figures, last year and the change the Vietnamese way', () => {
    const { values } = summaryContext(report());
    expect(values).toMatchObject({
      year: '2023',
      previousYear: '2022',
      unitName: 'Đảng ủy Khối Cơ quan tỉnh',
      asOf: '02/01/2024 10:04',
      shares: '1.064',
      reach: '12.350',
      websiteInteractions: '2.490',
      participations: '13.984',
      'previousYear.shares': '962',
      'previousYear.reach': '15.000',
      'change.shares': '+102',
      'change.reach': '-2.650',
      'change.participations': '0',
      'trend.shares': 'tăng 102',
      'trend.reach': 'giảm 2.650',
      'trend.participations': 'không thay đổi',
    });
  });

  it('describes the target in force', () => {
    const { values, sections } = summaryContext(report());
    expect(sections.target).toBe(true);
    expect(values).toMatchObject({
      'target.perMember': '100',
      'target.membersMeeting': '45',
      'target.membersNotMeeting': '75',
      'target.membersTotal': '120',
      'target.percentMeeting': '37,5%',
      'target.actionTypes': 'chia sẻ, đăng bài',
    });
  });

  it('has no target section, and dashes, when no target is in force', () => {
    const { values, sections } = summaryContext(report({ target: null }));
    expect(sections.target).toBe(false);
    expect(values['target.perMember']).toBe('—');
  });

  it('holds a figure’s section only when the figure is not zero', () => {
    const { sections } = summaryContext(report());
    expect(sections.shares).toBe(true);
    expect(sections.pagesRemoved).toBe(false);
  });
});

describe('the default year-end summary', () => {
  it('is a valid template', () => {
    expect(() => parseTemplate(DEFAULT_YEARLY_SUMMARY, SUMMARY_VOCABULARY)).not.toThrow();
  });

  it('writes the reference paragraph from the reference figures', () => {
    const [first] = renderSummary(DEFAULT_YEARLY_SUMMARY, report());
    expect(first).toBe(
      'Năm 2023, Đảng ủy Khối Cơ quan tỉnh đã đăng tải 83 tin, bài viết trên trang thông tin điện tử, thu hút 2.490 lượt tương tác; ' +
        'đăng tải, chia sẻ 1.064 bài viết với 12.350 lượt tiếp cận; có 13.984 lượt thành viên tham gia thực hiện nhiệm vụ; ' +
        'đề nghị gỡ bỏ 76 trang, nhóm có thông tin xấu độc, sai sự thật; tiến hành 1 cuộc điều tra dư luận xã hội tại 25 tổ chức ' +
        'với 500 phiếu hỏi; ban hành 4 văn bản chỉ đạo.',
    );
  });

  it('compares with last year and tells the target standing', () => {
    const paragraphs = renderSummary(DEFAULT_YEARLY_SUMMARY, report());
    expect(paragraphs).toHaveLength(3);
    expect(paragraphs[1]).toContain('So với năm 2022, số bài viết đăng tải, chia sẻ tăng 102 (962 bài viết năm 2022)');
    expect(paragraphs[1]).toContain('lượt tiếp cận giảm 2.650');
    expect(paragraphs[1]).toContain('lượt thành viên tham gia thực hiện nhiệm vụ không thay đổi');
    expect(paragraphs[2]).toBe('Về chỉ tiêu lan tỏa năm 2023, có 45/120 thành viên (37,5%) đạt chỉ tiêu 100 tin, bài/người.');
  });

  it('mentions interactions and removed pages only when there are some', () => {
    const [first] = renderSummary(DEFAULT_YEARLY_SUMMARY, report({ interactions: 1500, pagesRemoved: 12 }));
    expect(first).toContain('với 12.350 lượt tiếp cận, 1.500 lượt bình luận, bày tỏ cảm xúc;');
    expect(first).toContain('sai sự thật, trong đó 12 trang, nhóm đã bị gỡ bỏ;');
  });

  it('leaves out surveys and directives in a year without any, rather than writing zeros', () => {
    const [first] = renderSummary(DEFAULT_YEARLY_SUMMARY, report({ surveys: 0, surveyUnits: 0, questionnaires: 0, directives: 0 }));
    expect(first).toMatch(/đề nghị gỡ bỏ 76 trang, nhóm có thông tin xấu độc, sai sự thật\.$/);
    expect(first).not.toContain('điều tra');
    expect(first).not.toContain('văn bản chỉ đạo');
    const [withDirectivesOnly] = renderSummary(DEFAULT_YEARLY_SUMMARY, report({ surveys: 0, surveyUnits: 0, questionnaires: 0 }));
    expect(withDirectivesOnly).toMatch(/sai sự thật; ban hành 4 văn bản chỉ đạo\.$/);
  });

  it('says that no target was set when none is in force', () => {
    const paragraphs = renderSummary(DEFAULT_YEARLY_SUMMARY, report({ target: null }));
    expect(paragraphs[2]).toBe('Năm 2023 chưa giao chỉ tiêu lan tỏa tin, bài cho thành viên.');
    expect(paragraphs.join(' ')).not.toContain('—');
  });
});
