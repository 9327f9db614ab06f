import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '@app/access';
import { DEFAULT_PAGE_SIZE, ListQuestionnairesQueryDto } from '@app/contracts';
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
  @ApiOperation({
    summary: 'Questionnaires entered for units in scope; year: of surveys starting that year, whichever unit owns them',
  })
  list(@CurrentActor() actor: Actor, @Query() query: ListQuestionnairesQueryDto) {
    return this.surveys.listQuestionnaires(actor, { ...query, limit: query.limit ?? DEFAULT_PAGE_SIZE });
  }

  @Requires('questionnaires:read')
  @Get('units')
  @ApiOperation({ summary: 'The distinct units of those questionnaires, with a count each (one row per unit)' })
  units(@CurrentActor() actor: Actor, @Query() query: ListQuestionnairesQueryDto) {
    return this.surveys.listQuestionnaireUnits(actor, { ...query, limit: query.limit ?? DEFAULT_PAGE_SIZE });
  }
}
