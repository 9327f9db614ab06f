import { Body, Controller, Get, Headers, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { Actor } from '@app/access';
import {
  ApiAnswers,
  ApiFileAnswers,
  BY_ID,
  CreateReportDto,
  DEFAULT_PAGE_SIZE,
  EVIDENCE_MEDIA_TYPES,
  EvidenceViewSchema,
  idempotencyKeyOf,
  JSON_BODY,
  ListReportsQueryDto,
  QUERY,
  ReportDetailViewSchema,
  ReportPageSchema,
  ReportViewSchema,
  SIGNED_IN,
  TAKEDOWN_LIMITS,
} from '@app/contracts';
import { EvidenceService, ReportsService } from '@app/takedowns';
import { IdParamPipe } from './http/id-param.pipe';
import { Requires } from './http/access.decorators';
import { CurrentActor } from './http/request-context';
import { readUploadedFile } from './http/upload';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly evidence: EvidenceService,
  ) {}

  /** 201 with the report at once (pageCaseId null until the link job ran); 200 when an Idempotency-Key replays it. */
  @Requires('reports:write')
  @Post()
  @ApiAnswers({
    summary: 'Report a harmful page; it is linked to its page case asynchronously',
    status: 201,
    type: ReportViewSchema,
    description: 'Filed now (pageCaseId null until the link job ran)',
    errors: [...SIGNED_IN, ...JSON_BODY, 404, 422],
  })
  @ApiOkResponse({ type: ReportViewSchema, description: 'The same Idempotency-Key and body again: the stored report' })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'the same key and body again answers 200 with the stored report, writing nothing',
  })
  async file(
    @CurrentActor() actor: Actor,
    @Body() body: CreateReportDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const filed = await this.reports.file(actor, body, idempotencyKeyOf(key));
    void reply.status(filed.created ? 201 : 200);
    return filed.report;
  }

  @Requires('reports:read')
  @Get()
  @ApiAnswers({
    summary: 'Reports: a collaborator’s own; a secretariat’s or leader’s subtree; an admin’s all',
    type: ReportPageSchema,
    errors: [...SIGNED_IN, ...QUERY, 404],
  })
  list(@CurrentActor() actor: Actor, @Query() query: ListReportsQueryDto) {
    return this.reports.list(actor, { ...query, limit: query.limit ?? DEFAULT_PAGE_SIZE });
  }

  @Requires('reports:read')
  @Get(':id')
  @ApiAnswers({ summary: 'One report with the evidence attached to it', type: ReportDetailViewSchema, errors: [...SIGNED_IN, ...BY_ID] })
  get(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: string) {
    return this.reports.get(actor, id);
  }

  @Requires('evidence:write')
  @Post(':id/evidence')
  @ApiAnswers({
    summary: 'Attach a PNG, JPEG or PDF (≤ 5 MB), typed by its content; answers its sha256',
    status: 201,
    type: EvidenceViewSchema,
    errors: [...SIGNED_IN, ...BY_ID, 413, 415],
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] },
  })
  async attach(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: string, @Req() request: FastifyRequest) {
    return this.evidence.attach(actor, id, await readUploadedFile(request, TAKEDOWN_LIMITS.evidenceBytes, 'the evidence'));
  }

  /** Always an attachment with the stored type and nosniff: an upload is never rendered by the browser. */
  @Requires('evidence:read')
  @Get(':id/evidence/:evidenceId')
  @ApiFileAnswers({
    summary: 'Download one evidence file of a report the caller can see',
    mediaTypes: EVIDENCE_MEDIA_TYPES,
    errors: [...SIGNED_IN, ...BY_ID],
  })
  async download(
    @CurrentActor() actor: Actor,
    @Param('id', IdParamPipe) id: string,
    @Param('evidenceId') evidenceId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const file = await this.evidence.download(actor, id, evidenceId);
    void reply
      .header('content-type', file.evidence.mediaType)
      .header('content-disposition', `attachment; filename="${file.fileName}"`)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store');
    return file.content;
  }
}
