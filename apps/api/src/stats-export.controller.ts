import { Body, Controller, Get, Param, Put, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { Actor } from '@app/access';
import { UpdateReportTemplateDto, YearlyExportQueryDto } from '@app/contracts';
import { ExportFile, ReportTemplatesService, StatsExportsService, YEARLY_SUMMARY_TEMPLATE_KEY } from '@app/reporting';
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
  @ApiOperation({ summary: 'The year’s figures, per unit, per month, members’ progress (xlsx) or the year-end summary (docx)' })
  @ApiProduces(
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  )
  @ApiOkResponse({ description: 'the file, as an attachment' })
  @ApiAcceptedResponse({ description: '{ jobId }: the subtree is large; the file is built by a job' })
  async export(@CurrentActor() actor: Actor, @Query() query: YearlyExportQueryDto, @Res() reply: FastifyReply) {
    const outcome = await this.exports.request(actor, query);
    if (outcome.kind === 'job') return reply.status(202).send({ jobId: outcome.jobId });
    return sendFile(reply, outcome.file);
  }

  /** A file an export job built; only for whoever asked for it (and admins). */
  @Requires('stats:export')
  @Get('exports/:id')
  @ApiOperation({ summary: 'Download the file of a finished export job (its result’s fileId)' })
  async download(@CurrentActor() actor: Actor, @Param('id') id: string, @Res() reply: FastifyReply) {
    return sendFile(reply, await this.exports.download(actor, id));
  }

  @Requires('report-templates:read')
  @Get('templates/yearly-summary')
  @ApiOperation({ summary: 'The wording of the year-end summary, its default, and the placeholders it may use' })
  yearlySummaryTemplate() {
    return this.templates.view(YEARLY_SUMMARY_TEMPLATE_KEY);
  }

  @Requires('report-templates:write')
  @Put('templates/yearly-summary')
  @ApiOperation({ summary: 'Reword the year-end summary; unknown placeholders answer 400 naming body' })
  updateYearlySummaryTemplate(@CurrentActor() actor: Actor, @Body() body: UpdateReportTemplateDto) {
    return this.templates.update(actor, YEARLY_SUMMARY_TEMPLATE_KEY, body.body);
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
