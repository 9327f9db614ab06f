import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor } from '@app/access';
import {
  ApiAnswers,
  LeaderboardQueryDto,
  LeaderboardSchema,
  QUERY,
  SIGNED_IN,
  YearlyStatsQueryDto,
  YearlyStatsSchema,
} from '@app/contracts';
import { StatsService } from '@app/stats';
import { Requires } from './http/access.decorators';
import { CurrentActor } from './http/request-context';

/** The figures of SPEC, read from the aggregates the workers keep. */
@ApiTags('stats')
@ApiBearerAuth()
@Controller('stats')
export class StatsController {
  constructor(private readonly stats: StatsService) {}

  /** The figures for a unit subtree (default: the caller's unit) and a year, with last year's beside them. */
  @Requires('stats:read')
  @Get('yearly')
  @ApiAnswers({
    summary: 'The year’s figures for a unit subtree (default: the caller’s unit), with last year’s beside them',
    type: YearlyStatsSchema,
    errors: [...SIGNED_IN, ...QUERY, 404],
  })
  yearly(@CurrentActor() actor: Actor, @Query() query: YearlyStatsQueryDto) {
    return this.stats.yearly(actor, query);
  }

  /** Members ranked by actions; child units ranked by participations per member. */
  @Requires('stats:read')
  @Get('leaderboard')
  @ApiAnswers({
    summary: 'Members ranked by actions; child units ranked by participations per member',
    type: LeaderboardSchema,
    errors: [...SIGNED_IN, ...QUERY, 404],
  })
  leaderboard(@CurrentActor() actor: Actor, @Query() query: LeaderboardQueryDto) {
    return this.stats.leaderboard(actor, { ...query, limit: query.limit ?? 50 });
  }
}
