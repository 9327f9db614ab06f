import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor } from '@app/access';
import {
  ApiAnswers,
  DEFAULT_PAGE_SIZE,
  ListQuestionnairesQueryDto,
  QUERY,
  QuestionnairePageSchema,
  QuestionnaireUnitPageSchema,
  SIGNED_IN,
} from '@app/contracts';
import { SurveysService } from '@app/surveys';
import { Requires } from './http/access.decorators';
import { CurrentActor } from './http/request-context';

/** Questionnaires across surveys: the drill-downs behind the `questionnaires` and `surveyUnits` figures. */
@ApiTags('surveys')
@ApiBearerAuth()
@Controller('questionnaires')
export class QuestionnairesController {
  constructor(private readonly surveys: SurveysService) {}

  @Requires('questionnaires:read')
  @Get()
  @ApiAnswers({
    summary: 'Questionnaires entered for units in scope; year: of surveys starting that year, whichever unit owns them',
    type: QuestionnairePageSchema,
    errors: [...SIGNED_IN, ...QUERY, 404],
  })
  list(@CurrentActor() actor: Actor, @Query() query: ListQuestionnairesQueryDto) {
    return this.surveys.listQuestionnaires(actor, { ...query, limit: query.limit ?? DEFAULT_PAGE_SIZE });
  }

  @Requires('questionnaires:read')
  @Get('units')
  @ApiAnswers({
    summary: 'The distinct units of those questionnaires, with a count each (one row per unit)',
    type: QuestionnaireUnitPageSchema,
    errors: [...SIGNED_IN, ...QUERY, 404],
  })
  units(@CurrentActor() actor: Actor, @Query() query: ListQuestionnairesQueryDto) {
    return this.surveys.listQuestionnaireUnits(actor, { ...query, limit: query.limit ?? DEFAULT_PAGE_SIZE });
  }
}
