import { describe, expect, it } from 'vitest';
import { answersOf, countFor, numberedOptions, readChoice, type Question } from './entry-form';

const questions: Question[] = [
  { id: 'q1', text: 'Có chia sẻ không?', kind: 'choice', options: ['Có', 'Không', 'Thỉnh thoảng'] },
  { id: 'q2', text: 'Góp ý', kind: 'text' },
];

describe('readChoice', () => {
  it.each([
    ['1', 0],
    [' 3 ', 2],
    ['', null],
    ['  ', null],
    ['0', 'invalid'],
    ['4', 'invalid'],
    ['a', 'invalid'],
    ['1.5', 'invalid'],
  ])('reads %j as %j', (typed, expected) => {
    expect(readChoice(typed, 3)).toBe(expected);
  });
});

describe('answersOf', () => {
  it('sends option indexes and trimmed NFC text, leaving blanks out', () => {
    expect(answersOf(questions, { q1: '2', q2: ' Tốt ' })).toEqual({ answers: { q1: 1, q2: 'Tốt' } });
    expect(answersOf(questions, { q1: '', q2: ' ' })).toEqual({ blank: true });
    expect(answersOf([], {})).toEqual({ answers: {} });
    expect(answersOf(questions, { q2: 'Nguye\u0302\u0303n' })).toEqual({ answers: { q2: 'Nguyễn' } });
  });

  it('names the first field that is not an answer', () => {
    expect(answersOf(questions, { q1: '9', q2: 'x' })).toEqual({ invalid: 'q1' });
  });
});

describe('numberedOptions and countFor', () => {
  it('numbers the options as on paper', () => {
    expect(numberedOptions(questions[0])).toBe('1. Có · 2. Không · 3. Thỉnh thoảng');
  });

  it('counts a unit’s questionnaires, 0 before the first', () => {
    const results = { surveyId: 's', orgUnitId: null, questionnaires: 4, unitsResponding: 1, units: [{ orgUnitId: 'u1', questionnaires: 4 }], questions: [] };
    expect(countFor(results, 'u1')).toBe(4);
    expect(countFor(results, 'u2')).toBe(0);
    expect(countFor(undefined, 'u1')).toBe(0);
  });
});
