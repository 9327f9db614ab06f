import { Body, Controller, Get, Param, Put, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { Actor } from '@app/access';
import {
  ApiAnswers,
  ApiFileAnswers,
  BY_ID,
  JSON_BODY,
  QUERY,
  ReportTemplateQueryDto,
  ReportTemplateViewSchema,
  SIGNED_IN,
  StatsExportAcceptedSchema,
  UpdateReportTemplateDto,
  YearlyExportQueryDto,
} from '@app/contracts';
import {
  EXPORT_MEDIA_TYPES,
  ExportFile,
  ReportTemplatesService,
  StatsExportsService,
  YEARLY_SUMMARY_TEMPLATE_KEY,
} from '@app/reporting';
import { Requires } from './http/access.decorators';
import { CurrentActor } from './http/request-context';

/** Yearly exports (XLSX, DOCX) and the wording of the year-end summary they carry. */
@ApiTags('stats')
@ApiBearerAuth()
@Controller('stats')
export class StatsExportController {
  constructor(
    private readonly exports: StatsExportsService,
    private readonly templates: ReportTemplatesService,
  ) {}

  /** The file now, or 202 { jobId } for a large subtree (then GET /jobs/:id and GET /stats/exports/:fileId). */
  @Requires('stats:export')
  @Get('yearly/export')
  @ApiFileAnswers({
    summary: 'The year’s figures, per unit, per month, members’ progress (xlsx) or the year-end summary (docx)',
    mediaTypes: Object.values(EXPORT_MEDIA_TYPES),
    errors: [...SIGNED_IN, ...QUERY, 404],
  })
  @ApiAcceptedResponse({ type: StatsExportAcceptedSchema, description: 'The subtree is large: the file is built by a job' })
  async export(@CurrentActor() actor: Actor, @Query() query: YearlyExportQueryDto, @Res() reply: FastifyReply) {
    const outcome = await this.exports.request(actor, query);
    if (outcome.kind === 'job') return reply.status(202).send({ jobId: outcome.jobId });
    return sendFile(reply, outcome.file);
  }

  /** A file an export job built; only for whoever asked for it (and admins). */
  @Requires('stats:export')
  @Get('exports/:id')
  @ApiFileAnswers({
    summary: 'Download the file of a finished export job (its result’s fileId)',
    mediaTypes: Object.values(EXPORT_MEDIA_TYPES),
    errors: [...SIGNED_IN, ...BY_ID],
  })
  async download(@CurrentActor() actor: Actor, @Param('id') id: string, @Res() reply: FastifyReply) {
    return sendFile(reply, await this.exports.download(actor, id));
  }

  @Requires('report-templates:read')
  @Get('templates/yearly-summary')
  @ApiAnswers({
    summary: 'The wording of a tree’s year-end summary (each top unit has its own), its default, and the placeholders it may use',
    type: ReportTemplateViewSchema,
    errors: [...SIGNED_IN, ...QUERY, 404],
  })
  yearlySummaryTemplate(@CurrentActor() actor: Actor, @Query() query: ReportTemplateQueryDto) {
    return this.templates.view(actor, YEARLY_SUMMARY_TEMPLATE_KEY, query.orgUnitId);
  }

  @Requires('report-templates:write')
  @Put('templates/yearly-summary')
  @ApiAnswers({
    summary: 'Reword a tree’s year-end summary (its top unit’s secretariat, or an admin); unknown placeholders answer 400 naming body',
    type: ReportTemplateViewSchema,
    errors: [...SIGNED_IN, ...JSON_BODY, ...QUERY, 404],
  })
  updateYearlySummaryTemplate(@CurrentActor() actor: Actor, @Query() query: ReportTemplateQueryDto, @Body() body: UpdateReportTemplateDto) {
    return this.templates.update(actor, YEARLY_SUMMARY_TEMPLATE_KEY, body.body, query.orgUnitId);
  }
}

function sendFile(reply: FastifyReply, file: ExportFile) {
  return reply
    .status(200)
    .header('content-type', file.mediaType)
    .header('content-disposition', `attachment; filename="${file.filename}"`)
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .send(file.content);
}
