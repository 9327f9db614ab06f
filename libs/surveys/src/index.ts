export {
  AnswerCount,
  assertSurveyDates,
  buildQuestions,
  QuestionInput,
  tallyAnswers,
  validateAnswers,
} from './survey-questions';
export { SurveyError, SurveyErrorCode } from './surveys.errors';
export { SurveysModule } from './surveys.module';
export { EnteredQuestionnaire, NewQuestionnaire, NewSurvey, QuestionnaireFilter, SurveysService } from './surveys.service';
