import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { Actor } from '@app/access';
import {
  ApiAnswers,
  ApiFileAnswers,
  BulkPageTransitionDto,
  BY_ID,
  DEFAULT_PAGE_SIZE,
  JSON_BODY,
  ListPagesQueryDto,
  PageCaseEventPageSchema,
  PageCaseMoveResultsSchema,
  PageCasePageSchema,
  PageCaseTrackQueryDto,
  PageCaseViewSchema,
  QUERY,
  SIGNED_IN,
  UpdatePageCaseDto,
} from '@app/contracts';
import { DOCX_MEDIA_TYPE, PageCasesService, TakedownPackagesService } from '@app/takedowns';
import { IdParamPipe } from './http/id-param.pipe';
import { Requires } from './http/access.decorators';
import { CurrentActor } from './http/request-context';

@ApiTags('pages')
@ApiBearerAuth()
@Controller('pages')
export class PagesController {
  constructor(
    private readonly cases: PageCasesService,
    private readonly packages: TakedownPackagesService,
  ) {}

  @Requires('pages:read')
  @Get()
  @ApiAnswers({
    summary: 'Page cases with at least one report from the caller’s scope; counts cover all reports',
    type: PageCasePageSchema,
    errors: [...SIGNED_IN, ...QUERY],
  })
  list(@CurrentActor() actor: Actor, @Query() query: ListPagesQueryDto) {
    return this.cases.list(actor, { ...query, limit: query.limit ?? DEFAULT_PAGE_SIZE });
  }

  @Requires('pages:read')
  @Get(':id')
  @ApiAnswers({
    summary: 'One page case, with the status of the caller’s tree’s review (or of the tree of orgUnitId)',
    type: PageCaseViewSchema,
    errors: [...SIGNED_IN, ...BY_ID, ...QUERY],
  })
  get(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: string, @Query() query: PageCaseTrackQueryDto) {
    return this.cases.get(actor, id, query.orgUnitId);
  }

  @Requires('pages:read')
  @Get(':id/history')
  @ApiAnswers({
    summary: 'Every status change of the tree’s review: who, when, from which unit, from → to, note, platform reference',
    type: PageCaseEventPageSchema,
    errors: [...SIGNED_IN, ...BY_ID, ...QUERY],
  })
  history(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: string, @Query() query: PageCaseTrackQueryDto) {
    return this.cases.history(actor, id, query.orgUnitId);
  }

  @Requires('pages:review')
  @Patch(':id')
  @ApiAnswers({
    summary: 'Review for the caller’s tree (or orgUnitId’s): new → verified | rejected; verified → removal_requested → removed | still_online (else 409)',
    type: PageCaseViewSchema,
    errors: [...SIGNED_IN, ...BY_ID, ...JSON_BODY, 409],
  })
  update(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: string, @Body() body: UpdatePageCaseDto) {
    return this.cases.changeStatus(actor, id, body);
  }

  /** Per-case outcomes, so one case someone else moved meanwhile does not hold back the rest. */
  @Requires('pages:review')
  @Post('transitions')
  @HttpCode(200)
  @ApiAnswers({
    summary: 'Verify or reject several cases of the caller’s tree’s review in one go; each answered on its own (changed, invalid_transition, not_found)',
    type: PageCaseMoveResultsSchema,
    errors: [...SIGNED_IN, ...JSON_BODY],
  })
  async moveMany(@CurrentActor() actor: Actor, @Body() body: BulkPageTransitionDto) {
    return { results: await this.cases.changeStatuses(actor, body.pageCaseIds, { status: body.to, note: body.note }) };
  }

  /** The DOCX to file through the platform's channel; built on demand if its job has not run yet. */
  @Requires('pages:package')
  @Get(':id/package')
  @ApiFileAnswers({
    summary: 'Takedown package (DOCX, Vietnamese) of a case that reached removal_requested on the tree read; 404 before',
    mediaTypes: [DOCX_MEDIA_TYPE],
    errors: [...SIGNED_IN, ...BY_ID, ...QUERY],
  })
  async downloadPackage(
    @CurrentActor() actor: Actor,
    @Param('id', IdParamPipe) id: string,
    @Query() query: PageCaseTrackQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const file = await this.packages.download(actor, id, query.orgUnitId);
    void reply
      .header('content-type', DOCX_MEDIA_TYPE)
      .header('content-disposition', `attachment; filename="ho-so-go-bo-trang-${file.pageCaseId}.docx"`)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store');
    return file.content;
  }
}
