import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { EvidenceMediaType, EvidenceView } from '@app/contracts';
import { Queryable, selectOne, selectRows } from '@app/persistence';

/** The columns of an evidence record, on alias `e`. */
export const EVIDENCE_COLUMNS = `e.id, e.report_id AS "reportId", e.sha256, e.media_type AS "mediaType", e.size,
  e.created_at AS "createdAt"`;

/** An evidence record as it is filed. */
export interface EvidenceRow {
  id: string;
  reportId: string;
  storageKey: string;
  sha256: string;
  mediaType: EvidenceMediaType;
  size: number;
  uploadedBy: string;
}

/** An evidence record with where its bytes are stored. */
export type StoredEvidenceRow = EvidenceView & { storageKey: string };

/** Evidence records; their bytes live in EvidenceStorage. */
@Injectable()
export class EvidenceRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A report's evidence, oldest first. */
  listOfReport(reportId: string, db: Queryable = this.dataSource.manager): Promise<EvidenceView[]> {
    return selectRows<EvidenceView>(db, `SELECT ${EVIDENCE_COLUMNS} FROM evidence e WHERE e.report_id = $1 ORDER BY e.created_at, e.id`, [
      reportId,
    ]);
  }

  /** The report's oldest evidence with these bytes, if it holds them. */
  findBySha256(reportId: string, sha256: string, db: Queryable = this.dataSource.manager): Promise<EvidenceView | null> {
    return selectOne<EvidenceView>(
      db,
      `SELECT ${EVIDENCE_COLUMNS} FROM evidence e WHERE e.report_id = $1 AND e.sha256 = $2 ORDER BY e.created_at LIMIT 1`,
      [reportId, sha256],
    );
  }

  async insert(m: Queryable, evidence: EvidenceRow): Promise<EvidenceView> {
    const [inserted] = await selectRows<EvidenceView>(
      m,
      `INSERT INTO evidence AS e (id, report_id, storage_key, sha256, media_type, size, uploaded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${EVIDENCE_COLUMNS}`,
      [evidence.id, evidence.reportId, evidence.storageKey, evidence.sha256, evidence.mediaType, evidence.size, evidence.uploadedBy],
    );
    return inserted;
  }

  /** One evidence record of the report, with its storage key. */
  findOfReport(evidenceId: string, reportId: string, db: Queryable = this.dataSource.manager): Promise<StoredEvidenceRow | null> {
    return selectOne<StoredEvidenceRow>(
      db,
      `SELECT ${EVIDENCE_COLUMNS}, e.storage_key AS "storageKey" FROM evidence e WHERE e.id = $1 AND e.report_id = $2`,
      [evidenceId, reportId],
    );
  }
}
