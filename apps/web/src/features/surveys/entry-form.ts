import type { Schemas } from '../../api-client/client';

export type Survey = Schemas['SurveyView'];
export type Question = Schemas['SurveyQuestion'];
type Answers = NonNullable<Schemas['CreateQuestionnaireDto']['answers']>;

/** What the person typed in each question's field, by question id. */
export type TypedAnswers = Record<string, string>;

/**
 * A choice is typed as the option's number as printed on the paper form (1, 2, …): the fastest
 * thing to type hundreds of times. Blank is "not answered"; anything else not a listed number is
 * invalid, so a slip of the finger is caught before the questionnaire is saved.
 */
export function readChoice(typed: string, optionCount: number): number | null | 'invalid' {
  const text = typed.trim();
  if (text === '') return null;
  if (!/^\d{1,2}$/.test(text)) return 'invalid';
  const number = Number(text);
  return number >= 1 && number <= optionCount ? number - 1 : 'invalid';
}

/**
 * The answers to send, or the first question whose field does not read as an answer, or `blank`
 * when nothing was typed at all: a second Enter after a save must not store an empty questionnaire.
 */
export function answersOf(questions: readonly Question[], typed: TypedAnswers): { answers: Answers } | { invalid: string } | { blank: true } {
  const answers: Answers = {};
  for (const question of questions) {
    const text = typed[question.id] ?? '';
    if (question.kind === 'choice') {
      const choice = readChoice(text, question.options?.length ?? 0);
      if (choice === 'invalid') return { invalid: question.id };
      if (choice !== null) answers[question.id] = choice;
    } else if (text.trim() !== '') {
      answers[question.id] = text.normalize('NFC').trim();
    }
  }
  if (questions.length > 0 && Object.keys(answers).length === 0) return { blank: true };
  return { answers };
}

/** "1. Có · 2. Không": the options as numbered on the paper, for the field's description. */
export function numberedOptions(question: Question): string {
  return (question.options ?? []).map((option, i) => `${i + 1}. ${option}`).join(' · ');
}

/** How many questionnaires a unit has so far, from the survey's results (0 before the first). */
export function countFor(results: Schemas['SurveyResultsView'] | undefined, unitId: string | null): number {
  if (!results || !unitId) return 0;
  return results.units.find((unit) => unit.orgUnitId === unitId)?.questionnaires ?? 0;
}

/** One key per questionnaire: the same form sent twice (a double Enter, a retry) is stored once. */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}
