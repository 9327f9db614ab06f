import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor } from '@app/access';
import {
  ApiAnswers,
  DEFAULT_PAGE_SIZE,
  JSON_BODY,
  ListTargetsQueryDto,
  ProgressQueryDto,
  ProgressViewSchema,
  QUERY,
  SetTargetDto,
  SIGNED_IN,
  SIGNED_IN_ANY_ROLE,
  TargetPageSchema,
  TargetViewSchema,
  TargetYearParamDto,
} from '@app/contracts';
import { TargetsService } from '@app/targets';
import { Requires } from './http/access.decorators';
import { CurrentActor } from './http/request-context';

@ApiTags('targets')
@ApiBearerAuth()
@Controller()
export class TargetsController {
  constructor(private readonly targets: TargetsService) {}

  @Requires('targets:write')
  @Put('targets/:year')
  @ApiAnswers({
    summary: 'Set the year’s target for a unit’s subtree (creates or replaces)',
    type: TargetViewSchema,
    errors: [...SIGNED_IN, ...JSON_BODY, 404],
  })
  set(@CurrentActor() actor: Actor, @Param() params: TargetYearParamDto, @Body() body: SetTargetDto) {
    return this.targets.set(actor, params.year, body);
  }

  @Requires('targets:read')
  @Get('targets')
  @ApiAnswers({ summary: 'Targets set in the caller’s scope', type: TargetPageSchema, errors: [...SIGNED_IN, ...QUERY] })
  list(@CurrentActor() actor: Actor, @Query() query: ListTargetsQueryDto) {
    return this.targets.list(actor, { cursor: query.cursor, limit: query.limit ?? DEFAULT_PAGE_SIZE, year: query.year });
  }

  @Requires('progress:own')
  @Get('me/progress')
  @ApiAnswers({
    summary: 'My actions in the year against the target in force for my unit',
    type: ProgressViewSchema,
    errors: [...SIGNED_IN_ANY_ROLE, ...QUERY],
  })
  progress(@CurrentActor() actor: Actor, @Query() query: ProgressQueryDto) {
    return this.targets.progress(actor, query.year);
  }
}
