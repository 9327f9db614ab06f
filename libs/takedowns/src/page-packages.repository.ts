import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { UnitScope } from '@app/access';
import { execute, Queryable, selectOne, selectRows } from '@app/persistence';
import { ReportReader, visibleReportsSql } from './report-visibility';
import { TakedownPackageData } from './takedown-package';

/** A stored copy of a package. */
export interface PagePackageRow {
  content: Buffer;
  builtAt: Date;
}

/** A report as a package lists it, with its reporter's id. */
export type PackageReportRow = TakedownPackageData['reports'][number] & { userId: string };

export type PackageEvidenceRow = TakedownPackageData['evidence'][number];

/** Every evidence record of the case, and the time the snapshot reading it was taken. */
export interface CaseEvidenceCountRow {
  evidenceCount: number;
  builtAt: Date;
}

/** Stored takedown packages (`page_packages`, one per case and reader scope), and what a package reads. */
@Injectable()
export class PagePackagesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The copy stored for the case and scope, when it was built from what `digest` describes. */
  findStored(pageCaseId: string, scope: string, digest: string, db: Queryable = this.dataSource.manager): Promise<PagePackageRow | null> {
    return selectOne<PagePackageRow>(
      db,
      `SELECT content, built_at AS "builtAt" FROM page_packages WHERE page_case_id = $1 AND scope = $2 AND digest = $3`,
      [pageCaseId, scope, digest],
    );
  }

  /** Stores the copy of the case and scope, replacing the one stored before. */
  async upsert(m: Queryable, pageCaseId: string, scope: string, digest: string, copy: PagePackageRow): Promise<void> {
    await execute(
      m,
      `INSERT INTO page_packages (page_case_id, scope, digest, content, built_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (page_case_id, scope)
       DO UPDATE SET digest = EXCLUDED.digest, content = EXCLUDED.content, built_at = EXCLUDED.built_at`,
      [pageCaseId, scope, digest, copy.content, copy.builtAt],
    );
  }

  /** The case's reports the reader may see, oldest first, with reporter and unit names. */
  listVisibleReports(reader: ReportReader, pageCaseId: string, db: Queryable = this.dataSource.manager): Promise<PackageReportRow[]> {
    const visible = visibleReportsSql(reader, 'r', 2);
    return selectRows<PackageReportRow>(
      db,
      `SELECT r.id, r.created_at AS "createdAt", u.full_name AS reporter, o.name AS unit, r.category, r.url, r.description,
                r.user_id AS "userId"
           FROM reports r JOIN users u ON u.id = r.user_id JOIN org_units o ON o.id = r.org_unit_id
          WHERE r.page_case_id = $1 AND ${visible.sql} ORDER BY r.created_at, r.id`,
      [pageCaseId, ...visible.params],
    );
  }

  /** The evidence of the case's reports the reader may see, oldest first. */
  listVisibleEvidence(reader: ReportReader, pageCaseId: string, db: Queryable = this.dataSource.manager): Promise<PackageEvidenceRow[]> {
    const visible = visibleReportsSql(reader, 'r', 2);
    return selectRows<PackageEvidenceRow>(
      db,
      `SELECT e.id, e.report_id AS "reportId", e.media_type AS "mediaType", e.size, e.sha256, e.created_at AS "createdAt"
           FROM evidence e JOIN reports r ON r.id = e.report_id
          WHERE r.page_case_id = $1 AND ${visible.sql} ORDER BY e.created_at, e.id`,
      [pageCaseId, ...visible.params],
    );
  }

  async countCaseEvidence(pageCaseId: string, db: Queryable = this.dataSource.manager): Promise<CaseEvidenceCountRow> {
    const [row] = await selectRows<CaseEvidenceCountRow>(
      db,
      `SELECT count(e.id)::int AS "evidenceCount", now() AS "builtAt"
           FROM reports r LEFT JOIN evidence e ON e.report_id = r.id WHERE r.page_case_id = $1`,
      [pageCaseId],
    );
    return row;
  }

  /** The name of the unit a subtree or unit scope starts at. */
  async findScopeUnitName(scope: Exclude<UnitScope, { kind: 'all' }>, db: Queryable = this.dataSource.manager): Promise<string> {
    const [unit] = await selectRows<{ name: string }>(
      db,
      scope.kind === 'subtree' ? `SELECT name FROM org_units WHERE path = $1::ltree` : `SELECT name FROM org_units WHERE id = $1`,
      [scope.kind === 'subtree' ? scope.path : scope.unitId],
    );
    return unit.name;
  }
}
