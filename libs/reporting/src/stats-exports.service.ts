import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessError, Actor, PolicyService } from '@app/access';
import { APP_CONFIG, AppConfig } from '@app/config';
import { TargetStanding, UUID_PATTERN } from '@app/contracts';
import { JobExecution, JobProducer, JobResults, PermanentJobError, ProgressReporter } from '@app/queue-contracts';
import { StatsService } from '@app/stats';
import { ReportTemplatesService } from './report-templates.service';
import { ReportingError, ReportingErrorCode } from './reporting.errors';
import { StatsExportsRepository } from './stats-exports.repository';
import { renderSummary, YEARLY_SUMMARY_TEMPLATE_KEY } from './summary-template';
import { EXPORT_MEDIA_TYPES, ExportFormat, exportFilename, MemberProgressRow, YearlyReport } from './yearly-report';
import { buildYearlySummaryDocument } from './yearly-summary-document';
import { buildYearlyWorkbook } from './yearly-workbook';

/**
 * Subtrees with more active members than this are exported by a job (202 + GET /jobs/:id)
 * rather than during the request: the members' sheet and the per-unit figures grow with it.
 */
export const EXPORT_SYNC_MAX_MEMBERS = 2000;

/** A built export, ready to download. */
export interface ExportFile {
  filename: string;
  mediaType: string;
  content: Buffer;
}

/** What an export request gives: the file itself, or the job that will build it. */
export type ExportOutcome = { kind: 'file'; file: ExportFile } | { kind: 'job'; jobId: string };

export interface ExportRequest {
  year: number;
  orgUnitId?: string;
  format: ExportFormat;
}

const STEPS = 5;

/**
 * Yearly exports (XLSX and DOCX) of a unit subtree: the figures from {@link StatsService},
 * per unit and per month, each member's progress, and the year-end summary in the
 * secretariat's wording. Small subtrees are built at once; large ones by the
 * `stats.export` job, whose file is kept in `stats_exports` for its requester.
 */
@Injectable()
export class StatsExportsService {
  /** Above this many active members an export becomes a job. A field, so that tests can lower it. */
  syncMaxMembers = EXPORT_SYNC_MAX_MEMBERS;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly policy: PolicyService,
    private readonly stats: StatsService,
    private readonly templates: ReportTemplatesService,
    private readonly producer: JobProducer,
    private readonly exports: StatsExportsRepository,
  ) {}

  /** Builds the export now, or records a job for it when the subtree is large. 404 outside the caller's scope. */
  async request(actor: Actor, query: ExportRequest): Promise<ExportOutcome> {
    const orgUnitId = query.orgUnitId ?? actor.orgUnitId;
    await this.policy.assertUnitInScope(actor, orgUnitId);
    if ((await this.activeMembers(orgUnitId)) > this.syncMaxMembers) {
      const job = await this.db.transaction((m) =>
        this.producer.record(m, 'stats.export', { year: query.year, orgUnitId, format: query.format }, actor.id),
      );
      await this.producer.dispatch(job);
      return { kind: 'job', jobId: job.id };
    }
    return { kind: 'file', file: await this.build(actor, query.year, orgUnitId, query.format) };
  }

  /**
   * Runs a `stats.export` job as the user who asked, with their scope as it is now. Safe to
   * run twice: the file is stored once per job and replaced by a rerun.
   */
  async run(execution: JobExecution<'stats.export'>, actor: Actor): Promise<JobResults['stats.export']> {
    const { year, orgUnitId, format } = execution.payload;
    let file: ExportFile;
    try {
      file = await this.build(actor, year, orgUnitId, format, execution.reportProgress);
    } catch (error) {
      if (error instanceof AccessError) throw new PermanentJobError(`orgUnitId ${orgUnitId} is no longer in scope of the requester`);
      throw error;
    }
    const fileId = await this.exports.storeForJob(this.db.manager, {
      jobId: execution.id,
      content: file.content,
      mediaType: file.mediaType,
      filename: file.filename,
      createdBy: actor.id,
    });
    await execution.reportProgress(STEPS, STEPS);
    return { fileId, bytes: file.content.length };
  }

  /**
   * Deletes the stored files older than EXPORT_RETENTION_DAYS: they are snapshots of figures
   * that have moved on, and a new export is one request away. Safe to run twice.
   */
  async expire(): Promise<JobResults['stats.expire-exports']> {
    const deleted = await this.exports.deleteOlderThan(this.db.manager, this.config.exportRetentionDays);
    return { deleted };
  }

  /**
   * A file an export job stored: only for whoever asked for it while its unit is still in
   * their scope (a requester moved to another subtree no longer sees those figures), and
   * admins; anyone else gets 404.
   */
  async download(actor: Actor, id: string): Promise<ExportFile> {
    const found = UUID_PATTERN.test(id) ? await this.exports.findById(id) : null;
    if (!found || !(await this.mayDownload(actor, found))) {
      throw new ReportingError(ReportingErrorCode.NotFound, 'export not found', 'id');
    }
    return { content: found.content, mediaType: found.mediaType, filename: found.filename };
  }

  private async mayDownload(actor: Actor, file: { createdBy: string | null; orgUnitId: string }): Promise<boolean> {
    if (actor.roles.includes('admin')) return true;
    return file.createdBy === actor.id && (await this.policy.canSeeUnit(actor, file.orgUnitId));
  }

  private async build(
    actor: Actor,
    year: number,
    orgUnitId: string,
    format: ExportFormat,
    progress: ProgressReporter = async () => undefined,
  ): Promise<ExportFile> {
    const report = await this.gather(actor, year, orgUnitId, progress);
    const content =
      format === 'xlsx'
        ? await buildYearlyWorkbook(report)
        : await buildYearlySummaryDocument(report, renderSummary(await this.templates.bodyOf(YEARLY_SUMMARY_TEMPLATE_KEY, orgUnitId), report));
    await progress(4, STEPS);
    return { filename: exportFilename(year, orgUnitId, format), mediaType: EXPORT_MEDIA_TYPES[format], content };
  }

  /** Everything both formats show. StatsService checks the caller's scope again (404 outside it). */
  private async gather(actor: Actor, year: number, orgUnitId: string, progress: ProgressReporter): Promise<YearlyReport> {
    await progress(0, STEPS);
    const stats = await this.stats.yearly(actor, { year, orgUnitId, groupBy: 'unit' });
    await progress(1, STEPS);
    const { byMonth } = await this.stats.yearly(actor, { year, orgUnitId, groupBy: 'month' });
    await progress(2, STEPS);
    const unitName = await this.exports.unitName(orgUnitId);
    const members = await this.membersProgress(orgUnitId, year, stats.target);
    await progress(3, STEPS);
    const { byUnit = [], ...figures } = stats;
    return {
      year,
      orgUnitId,
      unitName,
      stats: figures,
      // The unit's own row carries the unit's name, like the total: say which is which.
      byUnit: byUnit.map((row) => (row.orgUnitId === orgUnitId ? { ...row, orgUnitName: `${row.orgUnitName} (riêng đơn vị)` } : row)),
      byMonth: byMonth ?? [],
      members,
      builtAt: new Date(),
      timeZone: this.config.orgTimezone,
    };
  }

  private activeMembers(orgUnitId: string): Promise<number> {
    return this.exports.countActiveMembersUnder(orgUnitId);
  }

  /**
   * Each active member of the subtree (where they are now) with their own actions in the
   * year, in ORG_TIMEZONE, of the types of the unit's target in force — the rule behind
   * the figures' membersMeeting, so that the sheet adds up to it. Every type counts when
   * no target is in force.
   */
  private async membersProgress(orgUnitId: string, year: number, target: TargetStanding | null): Promise<MemberProgressRow[]> {
    const rows = await this.exports.listMemberActionsUnder({
      orgUnitId,
      year,
      timezone: this.config.orgTimezone,
      actionTypes: target?.actionTypes ?? null,
    });
    return rows.map((row) => ({
      ...row,
      perMember: target?.perMember ?? null,
      targetOrgUnitId: target?.targetOrgUnitId ?? null,
      meets: target ? row.actions >= target.perMember : null,
    }));
  }
}
