import type { TFunction } from 'i18next';
import type { Schemas } from '../../api-client/client';
import { nfc } from '../../lib/format';

export type NewSurveyBody = Schemas['CreateSurveyDto'];
type QuestionKind = Schemas['SurveyQuestionDto']['kind'];

/** A question as it is being written: its options are one per line of a text box. */
export interface QuestionDraft {
  key: number;
  text: string;
  kind: QuestionKind;
  optionLines: string;
}

/** The body of POST /surveys; the API checks it (its 400 names the field, see draftProblem). */
export function surveyBody(draft: { title: string; startsOn: string; endsOn: string; unitIds: string[]; questions: QuestionDraft[] }): NewSurveyBody {
  return {
    title: nfc(draft.title),
    startsOn: draft.startsOn,
    ...(draft.endsOn ? { endsOn: draft.endsOn } : {}),
    orgUnitIds: draft.unitIds,
    questions: draft.questions.map((question) => ({
      text: nfc(question.text),
      kind: question.kind,
      ...(question.kind === 'choice'
        ? { options: question.optionLines.split('\n').map(nfc).filter((line) => line !== '') }
        : {}),
    })),
  };
}

/** The API's refused field (`questions.1.options`) as a sentence naming what to fix, or null when unknown. */
export function draftProblem(t: TFunction, field: string | undefined): string | null {
  if (!field) return null;
  const question = /^questions\.(\d+)(?:\.(\w+))?/.exec(field);
  if (question) {
    const number = Number(question[1]) + 1;
    return question[2] === 'options' ? t('desk.surveys.form.needOptions', { number }) : t('desk.surveys.form.needQuestionText', { number });
  }
  const named: Record<string, string> = {
    title: 'desk.surveys.form.needTitle',
    startsOn: 'desk.surveys.form.needStart',
    endsOn: 'desk.surveys.form.badEnd',
    orgUnitIds: 'desk.surveys.form.needUnits',
  };
  const key = Object.entries(named).find(([name]) => field.startsWith(name))?.[1];
  return key ? t(key) : null;
}
