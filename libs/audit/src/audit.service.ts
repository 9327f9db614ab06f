import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditEntryEntity } from './audit-entry.entity';

export interface AuditRecord {
  actorId: string | null;
  actorRoles?: readonly string[];
  action: string;
  entityType: string;
  entityId: string | null;
  before?: unknown;
  after?: unknown;
  requestId?: string | null;
}

// Only these roles' writes are audited (SPEC: every write by a secretariat or admin).
const AUDITED_ROLES = ['secretariat', 'admin'];

/** The audit trail. Entries are written in the same transaction as the change they describe. */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Records a write; system writes (no actor) are always recorded. */
  async record(manager: EntityManager, entry: AuditRecord): Promise<void> {
    const audited = entry.actorId === null || (entry.actorRoles ?? AUDITED_ROLES).some((r) => AUDITED_ROLES.includes(r));
    if (!audited) return;
    await manager.query(
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
  async list(filter: { beforeId: string | null; entityType?: string; limit: number }): Promise<AuditEntryEntity[]> {
    return this.db.query(
      `SELECT id, actor_id AS "actorId", action, entity_type AS "entityType", entity_id AS "entityId",
              before, after, request_id AS "requestId", created_at AS "createdAt"
         FROM audit_log
        WHERE ($1::bigint IS NULL OR id < $1) AND ($2::text IS NULL OR entity_type = $2)
        ORDER BY id DESC LIMIT $3`,
      [filter.beforeId, filter.entityType ?? null, filter.limit],
    );
  }
}
