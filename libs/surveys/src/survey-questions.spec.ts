import { SurveyQuestion } from '@app/contracts';
import { assertSurveyDates, buildQuestions, QuestionInput, tallyAnswers, validateAnswers } from './survey-questions';
import { SurveyError, SurveyErrorCode } from './surveys.errors';

const refusal = (run: () => unknown): SurveyError => {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(SurveyError);
  return thrown as SurveyError;
};

const QUESTIONS: SurveyQuestion[] = [
  { id: 'q1', text: 'Đồng chí có dùng Facebook không?', kind: 'choice', options: ['Có', 'Không'] },
  { id: 'q2', text: 'Ý kiến khác', kind: 'text' },
  { id: 'q3', text: 'Mức độ quan tâm', kind: 'choice', options: ['Thấp', 'Vừa', 'Cao'] },
];

describe('assertSurveyDates', () => {
  it.each<[string, string | null | undefined]>([
    ['2023-06-01', undefined],
    ['2023-06-01', null],
    ['2023-06-01', '2023-06-01'],
    ['2023-06-01', '2023-06-02'],
    ['2023-12-31', '2024-01-01'],
  ])('accepts %s .. %s', (startsOn, endsOn) => {
    expect(() => assertSurveyDates(startsOn, endsOn)).not.toThrow();
  });

  it.each<[string, string]>([
    ['2023-06-02', '2023-06-01'],
    ['2024-01-01', '2023-12-31'],
    ['2023-10-01', '2023-09-30'],
  ])('refuses %s .. %s, naming endsOn', (startsOn, endsOn) => {
    const error = refusal(() => assertSurveyDates(startsOn, endsOn));
    expect(error.code).toBe(SurveyErrorCode.InvalidDates);
    expect(error.field).toBe('endsOn');
  });
});

describe('buildQuestions', () => {
  it('numbers the questions q1, q2, … in the order written and keeps choice options', () => {
    const built = buildQuestions([
      { text: 'A', kind: 'choice', options: ['x', 'y'] },
      { text: 'B', kind: 'text' },
      { text: 'C', kind: 'text', options: [] },
    ]);
    expect(built).toEqual([
      { id: 'q1', text: 'A', kind: 'choice', options: ['x', 'y'] },
      { id: 'q2', text: 'B', kind: 'text' },
      { id: 'q3', text: 'C', kind: 'text' },
    ]);
  });

  it('stores text and options in NFC', () => {
    const nfd = 'Tuyên truyền'.normalize('NFD');
    const [question] = buildQuestions([{ text: nfd, kind: 'choice', options: [nfd, 'Khác'] }]);
    expect(question.text).toBe('Tuyên truyền'.normalize('NFC'));
    expect(question.options?.[0]).toBe('Tuyên truyền'.normalize('NFC'));
  });

  it('accepts 2 and 20 options', () => {
    const options = (n: number) => Array.from({ length: n }, (_, i) => `o${i}`);
    expect(buildQuestions([{ text: 'A', kind: 'choice', options: options(2) }])[0].options).toHaveLength(2);
    expect(buildQuestions([{ text: 'A', kind: 'choice', options: options(20) }])[0].options).toHaveLength(20);
  });

  it.each<[string, QuestionInput, string]>([
    ['a choice without options', { text: 'A', kind: 'choice' }, 'questions.1.options'],
    ['a choice with one option', { text: 'A', kind: 'choice', options: ['x'] }, 'questions.1.options'],
    [
      'a choice with 21 options',
      { text: 'A', kind: 'choice', options: Array.from({ length: 21 }, (_, i) => `o${i}`) },
      'questions.1.options',
    ],
    ['a choice with repeated options', { text: 'A', kind: 'choice', options: ['x', 'x'] }, 'questions.1.options'],
    [
      'a choice whose options repeat once in NFC',
      { text: 'A', kind: 'choice', options: ['Có ý kiến'.normalize('NFD'), 'Có ý kiến'] },
      'questions.1.options',
    ],
    ['a text question with options', { text: 'A', kind: 'text', options: ['x', 'y'] }, 'questions.1.options'],
  ])('refuses %s', (_case, bad, field) => {
    const error = refusal(() => buildQuestions([{ text: 'fine', kind: 'text' }, bad]));
    expect(error.code).toBe(SurveyErrorCode.InvalidQuestion);
    expect(error.field).toBe(field);
    expect(error.message).toContain(field);
  });
});

describe('validateAnswers', () => {
  it('accepts no answers', () => {
    expect(validateAnswers(QUESTIONS, {})).toEqual({});
  });

  it('keeps valid answers in question order', () => {
    const valid = validateAnswers(QUESTIONS, { q3: 2, q2: 'Cần thêm bài trên Zalo', q1: 0 });
    expect(valid).toEqual({ q1: 0, q2: 'Cần thêm bài trên Zalo', q3: 2 });
    expect(Object.keys(valid)).toEqual(['q1', 'q2', 'q3']);
  });

  it('accepts the first and last option and text at the limit', () => {
    expect(validateAnswers(QUESTIONS, { q1: 1, q3: 0, q2: 'x'.repeat(2000) })).toEqual({
      q1: 1,
      q3: 0,
      q2: 'x'.repeat(2000),
    });
  });

  it('stores text answers in NFC', () => {
    const nfd = 'Đồng ý với chủ trương'.normalize('NFD');
    expect(validateAnswers(QUESTIONS, { q2: nfd }).q2).toBe('Đồng ý với chủ trương'.normalize('NFC'));
  });

  it.each<[string, string, unknown]>([
    ['an unknown question id', 'answers.q9', { q9: 0 }],
    ['an unknown id next to valid ones', 'answers.extra', { q1: 0, extra: 'x' }],
    ['__proto__ as a key', 'answers.__proto__', JSON.parse('{"__proto__": 1}')],
    ['a choice index past the last option', 'answers.q1', { q1: 2 }],
    ['a negative choice index', 'answers.q3', { q3: -1 }],
    ['a fractional choice index', 'answers.q3', { q3: 1.5 }],
    ['a choice given as text', 'answers.q1', { q1: '0' }],
    ['a choice given as the option text', 'answers.q1', { q1: 'Có' }],
    ['a null choice', 'answers.q1', { q1: null }],
    ['a text answer given as a number', 'answers.q2', { q2: 3 }],
    ['an empty text answer', 'answers.q2', { q2: '' }],
    ['a blank text answer', 'answers.q2', { q2: '   ' }],
    ['a text answer over 2000 characters', 'answers.q2', { q2: 'x'.repeat(2001) }],
    ['a text answer that is an object', 'answers.q2', { q2: { text: 'x' } }],
    ['answers as an array', 'answers', [0, 1]],
    ['answers as null', 'answers', null],
    ['answers as a string', 'answers', 'q1=0'],
  ])('refuses %s, naming %s', (_case, field, answers) => {
    const error = refusal(() => validateAnswers(QUESTIONS, answers));
    expect(error.code).toBe(SurveyErrorCode.InvalidAnswer);
    expect(error.field).toBe(field);
    expect(error.message).toContain(field);
  });

  it('refuses any answer when the survey has no questions', () => {
    expect(refusal(() => validateAnswers([], { q1: 0 })).field).toBe('answers.q1');
  });
});

describe('tallyAnswers', () => {
  it('counts answers per question and per option, with zeroes for options nobody picked', () => {
    const results = tallyAnswers(QUESTIONS, [
      { questionId: 'q1', choice: 0, count: 7 },
      { questionId: 'q1', choice: 1, count: 3 },
      { questionId: 'q2', choice: null, count: 4 },
      { questionId: 'q3', choice: 2, count: 5 },
    ]);
    expect(results).toEqual([
      {
        id: 'q1',
        text: QUESTIONS[0].text,
        kind: 'choice',
        answered: 10,
        options: [
          { index: 0, text: 'Có', count: 7 },
          { index: 1, text: 'Không', count: 3 },
        ],
      },
      { id: 'q2', text: 'Ý kiến khác', kind: 'text', answered: 4 },
      {
        id: 'q3',
        text: 'Mức độ quan tâm',
        kind: 'choice',
        answered: 5,
        options: [
          { index: 0, text: 'Thấp', count: 0 },
          { index: 1, text: 'Vừa', count: 0 },
          { index: 2, text: 'Cao', count: 5 },
        ],
      },
    ]);
  });

  it('answers zero everywhere when there are no questionnaires', () => {
    const results = tallyAnswers(QUESTIONS, []);
    expect(results.map((q) => q.answered)).toEqual([0, 0, 0]);
    expect(results[0].options?.map((o) => o.count)).toEqual([0, 0]);
  });

  it('sums text answers that were grouped separately', () => {
    const [, text] = tallyAnswers(QUESTIONS, [
      { questionId: 'q2', choice: null, count: 2 },
      { questionId: 'q2', choice: null, count: 3 },
    ]);
    expect(text.answered).toBe(5);
  });
});
