import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '@app/access';
import { DEFAULT_PAGE_SIZE, ListTargetsQueryDto, ProgressQueryDto, SetTargetDto, TargetYearParamDto } from '@app/contracts';
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
  @ApiOperation({ summary: 'Set the year’s target for a unit’s subtree (creates or replaces)' })
  set(@CurrentActor() actor: Actor, @Param() params: TargetYearParamDto, @Body() body: SetTargetDto) {
    return this.targets.set(actor, params.year, body);
  }

  @Requires('targets:read')
  @Get('targets')
  list(@CurrentActor() actor: Actor, @Query() query: ListTargetsQueryDto) {
    return this.targets.list(actor, { cursor: query.cursor, limit: query.limit ?? DEFAULT_PAGE_SIZE, year: query.year });
  }

  @Requires('progress:own')
  @Get('me/progress')
  @ApiOperation({ summary: 'My actions in the year against the target in force for my unit' })
  progress(@CurrentActor() actor: Actor, @Query() query: ProgressQueryDto) {
    return this.targets.progress(actor, query.year);
  }
}
