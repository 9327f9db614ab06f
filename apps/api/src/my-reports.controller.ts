import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor } from '@app/access';
import { ApiAnswers, DEFAULT_PAGE_SIZE, MyReportPageSchema, PageQueryDto, QUERY, SIGNED_IN_ANY_ROLE } from '@app/contracts';
import { ReportsService } from '@app/takedowns';
import { Requires } from './http/access.decorators';
import { CurrentActor } from './http/request-context';

/**
 * A person's own reports for their history on the phone. GET /reports answers a scope (a
 * secretariat's is their subtree), so "mine" is its own route; own actions are
 * GET /actions?userId=<me>, which every role may ask for itself.
 */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('me')
export class MyReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Requires('reports:read')
  @Get('reports')
  @ApiAnswers({
    summary: 'My reports, newest first, each with its page case’s status as I see it (null until linked)',
    type: MyReportPageSchema,
    errors: [...SIGNED_IN_ANY_ROLE, ...QUERY],
  })
  list(@CurrentActor() actor: Actor, @Query() query: PageQueryDto) {
    return this.reports.listMine(actor, { cursor: query.cursor, limit: query.limit ?? DEFAULT_PAGE_SIZE });
  }
}
