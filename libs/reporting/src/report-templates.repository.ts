import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Queryable, selectOne, selectRows } from '@app/persistence';

/** A template a tree saved. */
export interface StoredTemplate {
  body: string;
  updatedBy: string | null;
  updatedAt: Date;
}

/** One body per template key and tree (its top unit). */
export interface TemplateChange {
  key: string;
  root: string;
  body: string;
  updatedBy: string;
}

const STORED_COLUMNS = `body, updated_by::text AS "updatedBy", updated_at AS "updatedAt"`;

/** The report_templates table. */
@Injectable()
export class ReportTemplatesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The tree's saved body, or null while it reads as the default. */
  find(key: string, root: string, db: Queryable = this.dataSource.manager): Promise<StoredTemplate | null> {
    return selectOne<StoredTemplate>(db, `SELECT ${STORED_COLUMNS} FROM report_templates WHERE key = $1 AND org_unit_id = $2`, [
      key,
      root,
    ]);
  }

  /** The same, locked until the transaction ends, so two saves of one tree's template run one after the other. */
  lock(m: Queryable, key: string, root: string): Promise<StoredTemplate | null> {
    return selectOne<StoredTemplate>(
      m,
      `SELECT ${STORED_COLUMNS} FROM report_templates WHERE key = $1 AND org_unit_id = $2 FOR UPDATE`,
      [key, root],
    );
  }

  async save(m: Queryable, change: TemplateChange): Promise<StoredTemplate> {
    const [saved] = await selectRows<StoredTemplate>(
      m,
      `INSERT INTO report_templates (key, org_unit_id, body, updated_by, updated_at) VALUES ($1, $2, $3, $4, now())
         ON CONFLICT (key, org_unit_id) DO UPDATE SET body = EXCLUDED.body, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at
         RETURNING ${STORED_COLUMNS}`,
      [change.key, change.root, change.body, change.updatedBy],
    );
    return saved;
  }
}
