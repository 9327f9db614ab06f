import { Body, Controller, Get, Headers, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { Actor } from '@app/access';
import {
  ApiAnswers,
  BY_ID,
  CreateQuestionnaireDto,
  CreateSurveyDto,
  DEFAULT_PAGE_SIZE,
  idempotencyKeyOf,
  JSON_BODY,
  ListSurveysQueryDto,
  QUERY,
  QuestionnaireViewSchema,
  SIGNED_IN,
  SurveyPageSchema,
  SurveyResultsQueryDto,
  SurveyResultsViewSchema,
  SurveyViewSchema,
} from '@app/contracts';
import { SurveysService } from '@app/surveys';
import { IdParamPipe } from './http/id-param.pipe';
import { Requires } from './http/access.decorators';
import { CurrentActor } from './http/request-context';

@ApiTags('surveys')
@ApiBearerAuth()
@Controller('surveys')
export class SurveysController {
  constructor(private readonly surveys: SurveysService) {}

  @Requires('surveys:write')
  @Post()
  @ApiAnswers({
    summary: 'Create a survey stamped with the creator’s unit; participating units must be in scope',
    status: 201,
    type: SurveyViewSchema,
    errors: [...SIGNED_IN, ...JSON_BODY, 404],
  })
  create(@CurrentActor() actor: Actor, @Body() body: CreateSurveyDto) {
    return this.surveys.create(actor, body);
  }

  @Requires('surveys:read')
  @Get()
  @ApiAnswers({
    summary: 'Surveys owned by, or with a participating unit in, the caller’s scope',
    type: SurveyPageSchema,
    errors: [...SIGNED_IN, ...QUERY, 404],
  })
  list(@CurrentActor() actor: Actor, @Query() query: ListSurveysQueryDto) {
    return this.surveys.list(actor, {
      cursor: query.cursor,
      limit: query.limit ?? DEFAULT_PAGE_SIZE,
      year: query.year,
      orgUnitId: query.orgUnitId,
    });
  }

  @Requires('surveys:read')
  @Get(':id')
  @ApiAnswers({ summary: 'One survey with its questions', type: SurveyViewSchema, errors: [...SIGNED_IN, ...BY_ID] })
  get(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: string) {
    return this.surveys.get(actor, id);
  }

  @Requires('surveys:read')
  @Get(':id/results')
  @ApiAnswers({
    summary: 'Counts per question and per participating unit, over the units in the caller’s scope',
    type: SurveyResultsViewSchema,
    errors: [...SIGNED_IN, ...BY_ID],
  })
  results(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: string, @Query() query: SurveyResultsQueryDto) {
    return this.surveys.results(actor, id, query);
  }

  /** 201 for a new questionnaire; 200 when an Idempotency-Key replays an earlier one. */
  @Requires('questionnaires:write')
  @Post(':id/questionnaires')
  @ApiAnswers({
    summary: 'Enter one questionnaire (phiếu) for a participating unit',
    status: 201,
    type: QuestionnaireViewSchema,
    errors: [...SIGNED_IN, ...BY_ID, ...JSON_BODY, 422],
  })
  @ApiOkResponse({ type: QuestionnaireViewSchema, description: 'The same Idempotency-Key and body again: the stored questionnaire' })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'the same key and body again answers 200 with the stored questionnaire, writing nothing',
  })
  async enter(
    @CurrentActor() actor: Actor,
    @Param('id', IdParamPipe) id: string,
    @Body() body: CreateQuestionnaireDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const entered = await this.surveys.enter(actor, id, body, idempotencyKeyOf(key));
    if (entered.replayed) void reply.status(200);
    return entered.questionnaire;
  }
}
