import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { IsCalendarDate } from './calendar-date';
import { IsId } from './ids';
import { PageQueryDto } from './pagination';
import { OptionalId, OptionalYear } from './query-filters';


export const QUESTION_KINDS = ['choice', 'text'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

/** Bounds of a survey's questions and answers, shared by the DTOs and the answer checks. */
export const SURVEY_LIMITS = {
  questions: 100,
  questionText: 1000,
  minOptions: 2,
  maxOptions: 20,
  optionText: 500,
  participatingUnits: 1000,
  textAnswer: 2000,
} as const;

export class SurveyQuestionDto {
  @ApiProperty({ example: 'Đồng chí có thường xuyên chia sẻ tin, bài của Đảng bộ không?' })
  @IsString()
  @MinLength(1)
  @MaxLength(SURVEY_LIMITS.questionText)
  text: string;

  @ApiProperty({ enum: QUESTION_KINDS })
  @IsIn(QUESTION_KINDS, { message: `kind must be one of ${QUESTION_KINDS.join(', ')}` })
  kind: QuestionKind;

  @ApiPropertyOptional({
    type: [String],
    description: `the choices of a choice question (${SURVEY_LIMITS.minOptions}-${SURVEY_LIMITS.maxOptions}); none for text`,
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(SURVEY_LIMITS.maxOptions)
  @ArrayUnique()
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(SURVEY_LIMITS.optionText, { each: true })
  options?: string[];
}

export class CreateSurveyDto {
  @ApiProperty({ example: 'Điều tra dư luận xã hội năm 2023' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  title: string;

  @ApiProperty({ example: '2023-06-01', description: 'calendar date in ORG_TIMEZONE; the survey counts in this year' })
  @IsCalendarDate()
  startsOn: string;

  @ApiPropertyOptional({ example: '2023-06-30', description: 'not before startsOn' })
  @IsOptional()
  @IsCalendarDate()
  endsOn?: string;

  @ApiProperty({ type: [String], description: 'participating units, each in the caller’s scope' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(SURVEY_LIMITS.participatingUnits)
  @ArrayUnique()
  @IsString({ each: true })
  @IsId('orgUnitIds', { each: true })
  orgUnitIds: string[];

  @ApiPropertyOptional({ type: [SurveyQuestionDto], description: 'ids q1, q2, … are given in this order' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(SURVEY_LIMITS.questions)
  // ValidateNested walks into an inner array instead of refusing it, so [[]] would reach
  // buildQuestions as a question without text.
  @IsObject({ each: true, message: 'questions must each be an object with text and kind' })
  @ValidateNested({ each: true })
  @Type(() => SurveyQuestionDto)
  questions?: SurveyQuestionDto[];
}

export class ListSurveysQueryDto extends PageQueryDto {
  @OptionalYear({ description: 'starting in this year' })
  year?: number;

  @ApiPropertyOptional({
    description: 'owned by (stamped with the creator’s unit) a unit in this subtree (404 outside the caller’s scope)',
  })
  @IsOptional()
  @IsString()
  @IsId('orgUnitId')
  orgUnitId?: string;
}

/** GET /questionnaires and GET /questionnaires/units: the drill-downs behind `questionnaires` and `surveyUnits`. */
export class ListQuestionnairesQueryDto extends PageQueryDto {
  @OptionalYear({ description: 'of surveys starting in this year, whichever unit owns them' })
  year?: number;

  @OptionalId('orgUnitId', { description: 'entered for a unit in this subtree (404 outside the caller’s scope)' })
  orgUnitId?: string;

  @OptionalId('surveyId', { description: 'of this survey only' })
  surveyId?: string;
}

export class CreateQuestionnaireDto {
  @ApiProperty({ description: 'the participating unit this questionnaire is entered for' })
  @IsString()
  @IsId('orgUnitId')
  orgUnitId: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'integer' }, { type: 'string', maxLength: SURVEY_LIMITS.textAnswer }] },
    example: { q1: 0, q2: 'Cần tăng cường tuyên truyền trên Zalo' },
    description: 'question id → option index (choice) or text (text); unanswered questions are left out',
  })
  @IsOptional()
  @IsObject()
  answers?: Record<string, unknown>;
}

export class SurveyResultsQueryDto {
  @OptionalId('orgUnitId', { description: 'count only questionnaires of this unit’s subtree' })
  orgUnitId?: string;
}

/** A question as stored: its id is `q1`, `q2`, … in the order the creator gave. */
export interface SurveyQuestion {
  id: string;
  text: string;
  kind: QuestionKind;
  options?: string[];
}

export interface SurveyView {
  id: string;
  title: string;
  /** The creator's unit: the survey counts in this unit's figures. */
  orgUnitId: string;
  startsOn: string;
  endsOn: string | null;
  /** The participating units the caller can see. */
  orgUnitIds: string[];
  /** How many units participate in all. */
  unitCount: number;
  questions: SurveyQuestion[];
  createdBy: string | null;
  createdAt: string;
}

export type Answer = number | string;

export interface QuestionnaireView {
  id: string;
  surveyId: string;
  orgUnitId: string;
  answers: Record<string, Answer>;
  enteredBy: string;
  createdAt: string;
}

/** A unit with at least one questionnaire among those asked for (GET /questionnaires/units). */
export interface QuestionnaireUnitView {
  orgUnitId: string;
  orgUnitName: string;
  questionnaires: number;
}

export interface QuestionResult {
  id: string;
  text: string;
  kind: QuestionKind;
  /** Questionnaires that answered this question. */
  answered: number;
  /** Choice questions: how many picked each option, in option order. */
  options?: { index: number; text: string; count: number }[];
}

export interface SurveyResultsView {
  surveyId: string;
  /** The subtree the counts are restricted to, when one was asked for. */
  orgUnitId: string | null;
  questionnaires: number;
  /** Participating units with at least one questionnaire. */
  unitsResponding: number;
  units: { orgUnitId: string; questionnaires: number }[];
  questions: QuestionResult[];
}
