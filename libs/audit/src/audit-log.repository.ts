import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { execute, Queryable, selectRows } from '@app/persistence';
import { AuditEntryEntity } from './audit-entry.entity';

/** One entry as it is written; `before`/`after` left undefined are stored as NULL. */
export interface AuditLogRow {
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before?: unknown;
  after?: unknown;
  requestId?: string | null;
}

/** A page of the trail: entries before `beforeId`, optionally of one entity type. */
export interface AuditLogPage {
  beforeId: string | null;
  entityType?: string;
  limit: number;
}

/** The audit trail table. */
@Injectable()
export class AuditLogRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(m: Queryable, entry: AuditLogRow): Promise<void> {
    await execute(
      m,
      `INSERT INTO audit_log (actor_id, action, entity_type, entity_id, before, after, request_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        entry.actorId,
        entry.action,
        entry.entityType,
        entry.entityId,
        entry.before === undefined ? null : JSON.stringify(entry.before),
        entry.after === undefined ? null : JSON.stringify(entry.after),
        entry.requestId ?? null,
      ],
    );
  }

  /** Newest first, keyset-paginated by id. */
  listNewestFirst(page: AuditLogPage, db: Queryable = this.dataSource.manager): Promise<AuditEntryEntity[]> {
    return selectRows<AuditEntryEntity>(
      db,
      `SELECT id, actor_id AS "actorId", action, entity_type AS "entityType", entity_id AS "entityId",
              before, after, request_id AS "requestId", created_at AS "createdAt"
         FROM audit_log
        WHERE ($1::bigint IS NULL OR id < $1) AND ($2::text IS NULL OR entity_type = $2)
        ORDER BY id DESC LIMIT $3`,
      [page.beforeId, page.entityType ?? null, page.limit],
    );
  }
}
