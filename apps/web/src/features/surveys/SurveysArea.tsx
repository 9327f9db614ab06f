import { Route, Routes } from 'react-router';
import { DeskNotFound } from '../../app/DeskShell';
import { NewSurvey } from './NewSurvey';
import { QuestionnaireEntry } from './QuestionnaireEntry';
import { SurveyList } from './SurveyList';
import { SurveyResults } from './SurveyResults';

/** Surveys at /desk/surveys: the list, a new survey, its results and the fast entry of paper questionnaires. */
export default function SurveysArea() {
  return (
    <Routes>
      <Route index element={<SurveyList />} />
      <Route path="new" element={<NewSurvey />} />
      <Route path=":id" element={<SurveyResults />} />
      <Route path=":id/entry" element={<QuestionnaireEntry />} />
      <Route path="*" element={<DeskNotFound />} />
    </Routes>
  );
}
