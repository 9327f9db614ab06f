import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import {
  Answer,
  QUESTION_KINDS,
  QuestionKind,
  QuestionnaireUnitView,
  QuestionnaireView,
  QuestionResult,
  SurveyQuestion,
  SurveyResultsView,
  SurveyView,
} from '../surveys.dto';
import {
  Agrees,
  CountProperty,
  DateProperty,
  EnumProperty,
  IdListProperty,
  IdProperty,
  InstantProperty,
  NullableIdProperty,
  pageSchemaOf,
  TextProperty,
  ViewProperty,
} from './view-properties';

@ApiSchema({ name: 'SurveyQuestion', description: 'A question as stored; its id is q1, q2, … in the order given' })
export class SurveyQuestionSchema {
  @TextProperty({ example: 'q1' }) id: string;
  @TextProperty() text: string;
  @EnumProperty(QUESTION_KINDS) kind: QuestionKind;
  @ApiProperty({ type: 'string', isArray: true, required: false, description: 'choice questions only' }) options?: string[];
}

@ApiSchema({ name: 'SurveyView' })
export class SurveyViewSchema {
  @IdProperty() id: string;
  @TextProperty() title: string;
  @IdProperty({ description: 'the creator’s unit: the survey counts in its figures' }) orgUnitId: string;
  @DateProperty() startsOn: string;
  @DateProperty({ nullable: true }) endsOn: string | null;
  @IdListProperty({ description: 'the participating units the caller can see' }) orgUnitIds: string[];
  @CountProperty({ description: 'how many units participate in all' }) unitCount: number;
  @ViewProperty(() => SurveyQuestionSchema, { isArray: true }) questions: SurveyQuestionSchema[];
  @NullableIdProperty() createdBy: string | null;
  @InstantProperty() createdAt: string;
}

@ApiSchema({ name: 'QuestionnaireView', description: 'One questionnaire (phiếu) entered for a participating unit' })
export class QuestionnaireViewSchema {
  @IdProperty() id: string;
  @IdProperty() surveyId: string;
  @IdProperty() orgUnitId: string;
  @ApiProperty({
    type: 'object',
    description: 'question id → the chosen option’s index (choice) or the text (text)',
    additionalProperties: { oneOf: [{ type: 'integer' }, { type: 'string' }] },
    example: { q1: 0, q2: 'Tốt' },
  })
  answers: Record<string, Answer>;
  @IdProperty() enteredBy: string;
  @InstantProperty() createdAt: string;
}

@ApiSchema({ name: 'QuestionnaireUnitView', description: 'A unit with at least one questionnaire among those asked for' })
export class QuestionnaireUnitViewSchema {
  @IdProperty() orgUnitId: string;
  @TextProperty() orgUnitName: string;
  @CountProperty() questionnaires: number;
}

@ApiSchema({ name: 'OptionCount' })
export class OptionCountSchema {
  @CountProperty() index: number;
  @TextProperty() text: string;
  @CountProperty() count: number;
}

@ApiSchema({ name: 'QuestionResult' })
export class QuestionResultSchema {
  @TextProperty({ example: 'q1' }) id: string;
  @TextProperty() text: string;
  @EnumProperty(QUESTION_KINDS) kind: QuestionKind;
  @CountProperty({ description: 'questionnaires that answered this question' }) answered: number;
  @ViewProperty(() => OptionCountSchema, { isArray: true, required: false, description: 'choice questions: in option order' })
  options?: OptionCountSchema[];
}

@ApiSchema({ name: 'UnitQuestionnaireCount' })
export class UnitQuestionnaireCountSchema {
  @IdProperty() orgUnitId: string;
  @CountProperty() questionnaires: number;
}

@ApiSchema({ name: 'SurveyResultsView', description: 'Counts per question and per participating unit' })
export class SurveyResultsViewSchema {
  @IdProperty() surveyId: string;
  @NullableIdProperty({ description: 'the subtree the counts are restricted to, when one was asked for' }) orgUnitId: string | null;
  @CountProperty() questionnaires: number;
  @CountProperty({ description: 'participating units with at least one questionnaire' }) unitsResponding: number;
  @ViewProperty(() => UnitQuestionnaireCountSchema, { isArray: true }) units: UnitQuestionnaireCountSchema[];
  @ViewProperty(() => QuestionResultSchema, { isArray: true }) questions: QuestionResultSchema[];
}

export const SurveyPageSchema = pageSchemaOf(SurveyViewSchema, 'SurveyPage');
export const QuestionnairePageSchema = pageSchemaOf(QuestionnaireViewSchema, 'QuestionnairePage');
export const QuestionnaireUnitPageSchema = pageSchemaOf(QuestionnaireUnitViewSchema, 'QuestionnaireUnitPage');

// The documented classes mirror the views the services return (compile-time).
const agreement: [
  Agrees<SurveyQuestionSchema, SurveyQuestion>,
  Agrees<SurveyViewSchema, SurveyView>,
  Agrees<QuestionnaireViewSchema, QuestionnaireView>,
  Agrees<QuestionnaireUnitViewSchema, QuestionnaireUnitView>,
  Agrees<QuestionResultSchema, QuestionResult>,
  Agrees<SurveyResultsViewSchema, SurveyResultsView>,
] = [true, true, true, true, true, true];
void agreement;
