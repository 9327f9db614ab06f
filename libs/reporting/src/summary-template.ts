import { FIGURE_NAMES, FigureValues, YearlyFigures } from '@app/contracts';
import { ACTION_TYPE_LABELS } from './figure-labels';
import { ReportingError, ReportingErrorCode } from './reporting.errors';
import { YearlyReport } from './yearly-report';
import { describeChange, formatDateTime, formatNumber, formatPercent, formatSignedNumber } from './vietnamese-format';

/** The key of the year-end summary in `report_templates`. */
export const YEARLY_SUMMARY_TEMPLATE_KEY = 'yearly-summary';

/**
 * What a template may say: `{{name}}` writes a value, `{{#name}}…{{/name}}` keeps its text
 * only when `name` holds (a target is in force; a figure is not zero), `{{^name}}…{{/name}}`
 * only when it does not. Values are already formatted the Vietnamese way.
 */
export interface TemplateContext {
  values: Readonly<Record<string, string>>;
  sections: Readonly<Record<string, boolean>>;
}

/** The names a template may use, checked when the secretariat saves one. */
export interface TemplateVocabulary {
  values: readonly string[];
  sections: readonly string[];
}

const TARGET_VALUES = [
  'perMember',
  'membersMeeting',
  'membersNotMeeting',
  'membersTotal',
  'percentMeeting',
  'forecastMembersMeeting',
  'actionTypes',
] as const;

/** Every placeholder and section of the year-end summary. */
export const SUMMARY_VOCABULARY: TemplateVocabulary = {
  values: [
    'year',
    'previousYear',
    'unitName',
    'asOf',
    ...FIGURE_NAMES,
    ...FIGURE_NAMES.map((name) => `previousYear.${name}`),
    ...FIGURE_NAMES.map((name) => `change.${name}`),
    ...FIGURE_NAMES.map((name) => `trend.${name}`),
    ...TARGET_VALUES.map((name) => `target.${name}`),
  ],
  sections: ['target', ...FIGURE_NAMES],
};

/**
 * The built-in year-end summary, in the register of the committee's reference report.
 * Used while the secretariat has not saved one of its own. Blank lines part paragraphs.
 */
export const DEFAULT_YEARLY_SUMMARY = [
  'Năm {{year}}, {{unitName}} đã đăng tải {{websitePosts}} tin, bài viết trên trang thông tin điện tử, ' +
    'thu hút {{websiteInteractions}} lượt tương tác; đăng tải, chia sẻ {{shares}} bài viết với {{reach}} lượt tiếp cận' +
    '{{#interactions}}, {{interactions}} lượt bình luận, bày tỏ cảm xúc{{/interactions}}; ' +
    'có {{participations}} lượt thành viên tham gia thực hiện nhiệm vụ; ' +
    'đề nghị gỡ bỏ {{pagesReported}} trang, nhóm có thông tin xấu độc, sai sự thật' +
    '{{#pagesRemoved}}, trong đó {{pagesRemoved}} trang, nhóm đã bị gỡ bỏ{{/pagesRemoved}}' +
    '{{#surveys}}; tiến hành {{surveys}} cuộc điều tra dư luận xã hội tại {{surveyUnits}} tổ chức với {{questionnaires}} phiếu hỏi{{/surveys}}' +
    '{{#directives}}; ban hành {{directives}} văn bản chỉ đạo{{/directives}}.',
  'So với năm {{previousYear}}, số bài viết đăng tải, chia sẻ {{trend.shares}} ({{previousYear.shares}} bài viết năm {{previousYear}}); ' +
    'lượt tiếp cận {{trend.reach}}; lượt thành viên tham gia thực hiện nhiệm vụ {{trend.participations}}; ' +
    'số trang, nhóm xấu độc đề nghị gỡ bỏ {{trend.pagesReported}}.',
  '{{#target}}Về chỉ tiêu lan tỏa năm {{year}}, có {{target.membersMeeting}}/{{target.membersTotal}} thành viên ' +
    '({{target.percentMeeting}}) đạt chỉ tiêu {{target.perMember}} tin, bài/người.{{/target}}' +
    '{{^target}}Năm {{year}} chưa giao chỉ tiêu lan tỏa tin, bài cho thành viên.{{/target}}',
].join('\n\n');

type TemplateNode =
  | { kind: 'text'; text: string }
  | { kind: 'value'; name: string }
  | { kind: 'section'; name: string; inverted: boolean; children: TemplateNode[] };

const TAG = /\{\{([^{}]*)\}\}/g;
const TAG_BODY = /^\s*([#^/]?)\s*([A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z][A-Za-z0-9]*)*)\s*$/;

/**
 * Parses a template and checks it against a vocabulary; throws InvalidTemplate naming
 * `body` and every problem at once (unknown names, malformed tags, unbalanced sections).
 */
export function parseTemplate(body: string, vocabulary: TemplateVocabulary): TemplateNode[] {
  const problems: string[] = [];
  const unknown = new Set<string>();
  const root: TemplateNode[] = [];
  const stack: { name: string; children: TemplateNode[] }[] = [{ name: '', children: root }];
  const top = () => stack[stack.length - 1].children;
  const pushText = (text: string) => {
    if (!text) return;
    if (text.includes('{{') || text.includes('}}')) problems.push(`a stray "{{" or "}}" near ${JSON.stringify(excerpt(text))}`);
    top().push({ kind: 'text', text });
  };

  let at = 0;
  for (const match of body.matchAll(TAG)) {
    pushText(body.slice(at, match.index));
    at = match.index + match[0].length;
    const tag = TAG_BODY.exec(match[1]);
    if (!tag) {
      problems.push(`${match[0]} is not a placeholder`);
      continue;
    }
    const [, sigil, name] = tag;
    if (sigil === '') {
      if (!vocabulary.values.includes(name)) unknown.add(`{{${name}}}`);
      top().push({ kind: 'value', name });
    } else if (sigil === '/') {
      const open = stack[stack.length - 1];
      if (stack.length === 1 || open.name !== name) {
        problems.push(`{{/${name}}} closes no open {{#${name}}} or {{^${name}}}`);
      } else {
        stack.pop();
      }
    } else {
      if (!vocabulary.sections.includes(name)) unknown.add(`{{${sigil}${name}}}`);
      const section: TemplateNode = { kind: 'section', name, inverted: sigil === '^', children: [] };
      top().push(section);
      stack.push({ name, children: section.children });
    }
  }
  pushText(body.slice(at));
  for (const open of stack.slice(1).reverse()) problems.push(`{{#${open.name}}} is never closed with {{/${open.name}}}`);
  if (unknown.size > 0) problems.unshift(`unknown placeholders ${[...unknown].join(', ')}`);
  if (problems.length > 0) {
    throw new ReportingError(ReportingErrorCode.InvalidTemplate, `body: ${problems.join('; ')}`, 'body');
  }
  return root;
}

/** Every placeholder name a template uses, in order of first use (for the editor). */
export function placeholdersOf(body: string): string[] {
  const names = new Set<string>();
  for (const match of body.matchAll(TAG)) {
    const tag = TAG_BODY.exec(match[1]);
    if (tag && tag[1] === '') names.add(tag[2]);
  }
  return [...names];
}

/** Renders a template against a context; the context's keys are its vocabulary. */
export function renderTemplate(body: string, context: TemplateContext): string {
  const nodes = parseTemplate(body, { values: Object.keys(context.values), sections: Object.keys(context.sections) });
  return renderNodes(nodes, context);
}

function renderNodes(nodes: TemplateNode[], context: TemplateContext): string {
  let out = '';
  for (const node of nodes) {
    if (node.kind === 'text') out += node.text;
    else if (node.kind === 'value') out += context.values[node.name];
    else if (context.sections[node.name] !== node.inverted) out += renderNodes(node.children, context);
  }
  return out;
}

/**
 * Paragraphs of rendered text: a blank line parts them, a single line break is a space,
 * paragraphs left empty (a section that did not hold) are dropped.
 */
export function paragraphsOf(text: string): string[] {
  return text
    .split(/\r?\n[ \t]*\r?\n/)
    .map((paragraph) => paragraph.replace(/[ \t]*\r?\n[ \t]*/g, ' ').trim())
    .filter((paragraph) => paragraph.length > 0);
}

const NO_TARGET = '—';

/** The values and sections of the year-end summary for one report, formatted vi-VN. */
export function summaryContext(report: Pick<YearlyReport, 'year' | 'unitName' | 'stats' | 'timeZone'>): TemplateContext {
  const { stats } = report;
  const values: Record<string, string> = {
    year: String(report.year),
    previousYear: String(report.year - 1),
    unitName: report.unitName,
    asOf: formatDateTime(new Date(stats.asOf), report.timeZone),
  };
  const sections: Record<string, boolean> = { target: stats.target !== null };
  for (const name of FIGURE_NAMES) {
    const now = stats[name];
    const before = figureOf(stats.previousYear, name);
    values[name] = formatNumber(now);
    values[`previousYear.${name}`] = formatNumber(before);
    values[`change.${name}`] = formatSignedNumber(now - before);
    values[`trend.${name}`] = describeChange(now - before);
    sections[name] = now !== 0;
  }
  const target = stats.target;
  for (const name of TARGET_VALUES) values[`target.${name}`] = NO_TARGET;
  if (target) {
    values['target.perMember'] = formatNumber(target.perMember);
    values['target.membersMeeting'] = formatNumber(target.membersMeeting);
    values['target.membersNotMeeting'] = formatNumber(target.membersTotal - target.membersMeeting);
    values['target.membersTotal'] = formatNumber(target.membersTotal);
    values['target.percentMeeting'] = formatPercent(target.membersMeeting, target.membersTotal);
    values['target.forecastMembersMeeting'] = formatNumber(target.forecastMembersMeeting);
    values['target.actionTypes'] = target.actionTypes
      .map((type) => ACTION_TYPE_LABELS[type as keyof typeof ACTION_TYPE_LABELS] ?? type)
      .join(', ');
  }
  return { values, sections };
}

/** The rendered summary of one report, as paragraphs. */
export function renderSummary(body: string, report: Pick<YearlyReport, 'year' | 'unitName' | 'stats' | 'timeZone'>): string[] {
  return paragraphsOf(renderTemplate(body, summaryContext(report)));
}

function figureOf(figures: YearlyFigures | null | undefined, name: keyof FigureValues): number {
  return figures?.[name] ?? 0;
}

function excerpt(text: string): string {
  const at = Math.max(text.indexOf('{{'), text.indexOf('}}'));
  return text.slice(Math.max(0, at - 10), at + 12);
}
