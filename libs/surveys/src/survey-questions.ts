import { Answer, isJsonObject, QuestionKind, QuestionResult, SURVEY_LIMITS, SurveyQuestion } from '@app/contracts';
import { SurveyError, SurveyErrorCode } from './surveys.errors';

/** A question as the creator writes it, before it gets its id. */
export interface QuestionInput {
  text: string;
  kind: QuestionKind;
  options?: string[];
}

/** One group of stored answers: how many questionnaires gave `choice` (null for text) to a question. */
export interface AnswerCount {
  questionId: string;
  choice: number | null;
  count: number;
}

/** Refuses a survey that ends before it starts; dates are `YYYY-MM-DD`, so text order is date order. */
export function assertSurveyDates(startsOn: string, endsOn?: string | null): void {
  if (endsOn && endsOn < startsOn) {
    throw new SurveyError(SurveyErrorCode.InvalidDates, 'endsOn must not be before startsOn', 'endsOn');
  }
}

/**
 * Gives the questions their ids (`q1`, `q2`, … in the order written) and checks what the
 * DTO cannot: a choice question has 2-20 distinct options, a text question none.
 */
export function buildQuestions(inputs: readonly QuestionInput[]): SurveyQuestion[] {
  return inputs.map((input, i) => {
    const field = `questions.${i}`;
    const id = `q${i + 1}`;
    const text = input.text.normalize('NFC');
    if (input.kind === 'text') {
      if (input.options && input.options.length > 0) {
        throw new SurveyError(
          SurveyErrorCode.InvalidQuestion,
          `${field}.options: a text question takes no options`,
          `${field}.options`,
        );
      }
      return { id, text, kind: 'text' };
    }
    const options = (input.options ?? []).map((option) => option.normalize('NFC'));
    if (options.length < SURVEY_LIMITS.minOptions || options.length > SURVEY_LIMITS.maxOptions) {
      throw new SurveyError(
        SurveyErrorCode.InvalidQuestion,
        `${field}.options: a choice question needs ${SURVEY_LIMITS.minOptions}-${SURVEY_LIMITS.maxOptions} options`,
        `${field}.options`,
      );
    }
    if (new Set(options).size !== options.length) {
      throw new SurveyError(SurveyErrorCode.InvalidQuestion, `${field}.options must be distinct`, `${field}.options`);
    }
    return { id, text, kind: 'choice', options };
  });
}

/**
 * Checks a questionnaire's answers against the survey's questions and returns them in
 * question order: a choice answer is the index of one option, a text answer 1-2000
 * characters (NFC). Unanswered questions are simply left out.
 */
export function validateAnswers(questions: readonly SurveyQuestion[], answers: unknown): Record<string, Answer> {
  if (!isJsonObject(answers)) {
    throw new SurveyError(SurveyErrorCode.InvalidAnswer, 'answers must be an object of question id → answer', 'answers');
  }
  const given = new Map(Object.entries(answers));
  for (const key of given.keys()) {
    if (!questions.some((question) => question.id === key)) {
      const field = `answers.${key.slice(0, 100)}`;
      throw new SurveyError(SurveyErrorCode.InvalidAnswer, `${field} names no question of this survey`, field);
    }
  }
  const valid: Record<string, Answer> = {};
  for (const question of questions) {
    if (!given.has(question.id)) continue;
    valid[question.id] = checkAnswer(question, given.get(question.id), `answers.${question.id}`);
  }
  return valid;
}

function checkAnswer(question: SurveyQuestion, value: unknown, field: string): Answer {
  if (question.kind === 'choice') {
    const count = question.options?.length ?? 0;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value >= count) {
      throw new SurveyError(
        SurveyErrorCode.InvalidAnswer,
        `${field} must be the index of one of the question's ${count} options (0-${count - 1})`,
        field,
      );
    }
    return value;
  }
  if (typeof value !== 'string') {
    throw new SurveyError(SurveyErrorCode.InvalidAnswer, `${field} must be text`, field);
  }
  const text = value.normalize('NFC');
  if (text.trim().length === 0 || text.length > SURVEY_LIMITS.textAnswer) {
    throw new SurveyError(SurveyErrorCode.InvalidAnswer, `${field} must be 1-${SURVEY_LIMITS.textAnswer} characters`, field);
  }
  return text;
}

/** Per question: how many answered it and, for a choice question, how many picked each option. */
export function tallyAnswers(questions: readonly SurveyQuestion[], counts: readonly AnswerCount[]): QuestionResult[] {
  return questions.map((question) => {
    const mine = counts.filter((row) => row.questionId === question.id);
    const answered = mine.reduce((sum, row) => sum + row.count, 0);
    if (question.kind === 'text') return { id: question.id, text: question.text, kind: question.kind, answered };
    const options = (question.options ?? []).map((text, index) => ({
      index,
      text,
      count: mine.filter((row) => row.choice === index).reduce((sum, row) => sum + row.count, 0),
    }));
    return { id: question.id, text: question.text, kind: question.kind, answered, options };
  });
}
