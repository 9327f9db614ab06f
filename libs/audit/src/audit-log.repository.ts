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

/** Which entries to list; every filter left undefined lets all through. */
export interface AuditLogFilter {
  entityType?: string;
  actorId?: string;
  action?: string;
  /** First and last day (`YYYY-MM-DD`, both included), read in `timezone`. */
  from?: string;
  to?: string;
  timezone: string;
}

/** A page of the trail: entries before `beforeId` that pass the filter. */
export interface AuditLogPage extends AuditLogFilter {
  beforeId: string | null;
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
          AND ($4::bigint IS NULL OR actor_id = $4) AND ($5::text IS NULL OR action = $5)
          AND ($6::date IS NULL OR created_at >= ($6::date::timestamp AT TIME ZONE $8))
          AND ($7::date IS NULL OR created_at < (($7::date + 1)::timestamp AT TIME ZONE $8))
        ORDER BY id DESC LIMIT $3`,
      [
        page.beforeId,
        page.entityType ?? null,
        page.limit,
        page.actorId ?? null,
        page.action ?? null,
        page.from ?? null,
        page.to ?? null,
        page.timezone,
      ],
    );
  }
}
