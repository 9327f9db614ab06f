import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { surveysVi } from '../../i18n/desk/surveys';
import { draftProblem, surveyBody } from './survey-draft';

describe('a new survey’s body and refusals', () => {
  beforeAll(async () => {
    await i18next.init({ lng: 'vi', resources: { vi: { translation: { desk: { surveys: surveysVi } } } } });
  });

  it('sends options one per line, none for a text question, and no empty end date', () => {
    const body = surveyBody({
      title: ' Khảo sát ',
      startsOn: '2026-06-01',
      endsOn: '',
      unitIds: ['3'],
      questions: [
        { key: 1, text: 'Có dùng Zalo?', kind: 'choice', optionLines: 'Có\n\n Không \n' },
        { key: 2, text: 'Góp ý', kind: 'text', optionLines: 'ignored' },
      ],
    });
    expect(body).toEqual({
      title: 'Khảo sát',
      startsOn: '2026-06-01',
      orgUnitIds: ['3'],
      questions: [
        { text: 'Có dùng Zalo?', kind: 'choice', options: ['Có', 'Không'] },
        { text: 'Góp ý', kind: 'text' },
      ],
    });
  });

  it('turns the field the API blamed into a sentence naming the question', () => {
    expect(draftProblem(i18next.t, 'questions.1.options')).toBe('Câu hỏi 2 cần từ 2 đến 20 phương án khác nhau.');
    expect(draftProblem(i18next.t, 'questions.0.text')).toBe('Câu hỏi 1 chưa có nội dung.');
    expect(draftProblem(i18next.t, 'endsOn')).toBe('Ngày kết thúc không được trước ngày bắt đầu.');
    expect(draftProblem(i18next.t, 'orgUnitIds.0')).toBe('Hãy thêm ít nhất một đơn vị tham gia.');
    expect(draftProblem(i18next.t, 'somethingElse')).toBeNull();
  });
});
