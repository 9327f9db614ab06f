import { createHash, randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Actor, PolicyService } from '@app/access';
import { AuditService } from '@app/audit';
import { EvidenceMediaType, EvidenceView, InvalidInputError, TAKEDOWN_LIMITS, UUID_PATTERN } from '@app/contracts';
import { extensionOf, inspectEvidence } from './evidence-media-type';
import { EvidenceStorage, newStorageKey } from './evidence-storage';
import { EvidenceRepository } from './evidence.repository';
import { ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';
import { TakedownError, TakedownErrorCode } from './takedowns.errors';

/** An evidence file to download: its record, its bytes, and the name it is served under. */
export interface EvidenceFile {
  evidence: EvidenceView;
  content: Buffer;
  fileName: string;
}

/**
 * Evidence attached to reports: typed by its first bytes and checked whole (ADR 014),
 * hashed (sha256), stored under a generated key, and readable by whoever may see the report.
 */
@Injectable()
export class EvidenceService {
  private readonly logger = new Logger(EvidenceService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly policy: PolicyService,
    private readonly audit: AuditService,
    private readonly reports: ReportsService,
    private readonly storage: EvidenceStorage,
    private readonly evidence: EvidenceRepository,
    private readonly reportRows: ReportsRepository,
  ) {}

  /**
   * Attaches a file to a report. Allowed to the report's author, and to a secretariat or
   * admin whose scope holds the report; anyone else gets the 404 of a report they cannot see.
   */
  async attach(actor: Actor, reportId: string, content: Buffer): Promise<EvidenceView> {
    await this.assertMayAttach(actor, reportId);
    if (content.length > TAKEDOWN_LIMITS.evidenceBytes) {
      throw new TakedownError(TakedownErrorCode.FileTooLarge, 'file must be at most 5 MB', 'file');
    }
    const mediaType = mediaTypeOf(content);
    const sha256 = createHash('sha256').update(content).digest('hex');
    // A resent upload (its answer was lost on a poor connection) is the evidence already held.
    const held = await this.evidence.findBySha256(reportId, sha256);
    if (held) return held;
    const storageKey = newStorageKey();
    // Stored before the row: a crash in between leaves an unreferenced file, never a row without its file.
    await this.storage.put(storageKey, content);
    return this.db.transaction(async (m) => {
      // The report's lock serialises two uploads of one file sent at once: the second finds the first.
      await this.reportRows.lock(m, reportId);
      const raced = await this.evidence.findBySha256(reportId, sha256, m);
      if (raced) return raced;
      const evidence = await this.evidence.insert(m, {
        id: randomUUID(),
        reportId,
        storageKey,
        sha256,
        mediaType,
        size: content.length,
        uploadedBy: actor.id,
      });
      await this.audit.recordChange(m, actor, { action: 'evidence.create', entityType: 'evidence', entityId: evidence.id, after: evidence });
      return evidence;
    });
  }

  /** One evidence file of a report the caller may see; 404 otherwise. */
  async download(actor: Actor, reportId: string, evidenceId: string): Promise<EvidenceFile> {
    await this.reports.requireVisible(actor, reportId);
    const stored = UUID_PATTERN.test(evidenceId) ? await this.evidence.findOfReport(evidenceId, reportId) : null;
    if (!stored) throw new TakedownError(TakedownErrorCode.NotFound, 'evidence not found', 'evidenceId');
    const { storageKey, ...evidence } = stored;
    const content = await this.storage.get(storageKey);
    if (!content) {
      this.logger.error({ evidenceId, storageKey }, 'evidence row without its stored file');
      throw new Error(`evidence ${evidenceId} has no stored file`);
    }
    return { evidence, content, fileName: `evidence-${evidence.id}.${extensionOf(evidence.mediaType)}` };
  }

  private async assertMayAttach(actor: Actor, reportId: string): Promise<void> {
    const report = await this.reports.requireVisible(actor, reportId);
    if (report.userId === actor.id) return;
    if (actor.roles.includes('admin')) return;
    if (actor.roles.includes('secretariat') && (await this.policy.isInScope({ kind: 'subtree', path: actor.unitPath }, report.orgUnitId))) {
      return;
    }
    throw new TakedownError(TakedownErrorCode.NotFound, 'report not found', 'id');
  }
}

/**
 * The media type of a file that is wholly a PNG, JPEG or PDF. None of the three is a 415;
 * one that opens as one but is cut short, damaged, carries something appended, or is an
 * image over the pixel limit is bad input, a 400 naming `file`.
 */
function mediaTypeOf(content: Buffer): EvidenceMediaType {
  const inspection = inspectEvidence(content);
  if ('mediaType' in inspection) return inspection.mediaType;
  if (inspection.refused === 'unsupported') {
    throw new TakedownError(TakedownErrorCode.UnsupportedMediaType, `file ${inspection.reason}`, 'file');
  }
  throw new InvalidInputError('file', `file ${inspection.reason}`);
}
