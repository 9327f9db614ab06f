import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@app/config';
import { InvalidInputError } from '@app/contracts';
import { AuditEntryEntity } from './audit-entry.entity';
import { AuditLogPage, AuditLogRepository, AuditLogRow } from './audit-log.repository';

/** An entry as a service hands it over: the row, plus the roles that decide whether it is audited. */
export interface AuditRecord extends AuditLogRow {
  actorRoles?: readonly string[];
}

/** Who made a change, as a service knows them (an Actor), or null for the system. */
export interface AuditedActor {
  id: string;
  roles: readonly string[];
  requestId?: string | null;
}

/** What changed: the entity, and its view before and after. */
export type AuditedChange = Pick<AuditLogRow, 'action' | 'entityType' | 'entityId' | 'before' | 'after'>;

// Only these roles' writes are audited (SPEC: every write by a secretariat or admin).
const AUDITED_ROLES = ['secretariat', 'admin'];

/** The audit trail. Entries are written in the same transaction as the change they describe. */
@Injectable()
export class AuditService {
  constructor(
    private readonly auditLog: AuditLogRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Records a write; system writes (no actor) are always recorded. */
  async record(manager: EntityManager, entry: AuditRecord): Promise<void> {
    const audited = entry.actorId === null || (entry.actorRoles ?? AUDITED_ROLES).some((r) => AUDITED_ROLES.includes(r));
    if (!audited) return;
    await this.auditLog.insert(manager, entry);
  }

  /** Records a change made by an actor (or by the system, when null) in the caller's transaction. */
  recordChange(manager: EntityManager, actor: AuditedActor | null, change: AuditedChange): Promise<void> {
    return this.record(manager, {
      ...change,
      actorId: actor?.id ?? null,
      actorRoles: actor?.roles,
      requestId: actor?.requestId ?? null,
    });
  }

  /**
   * Newest first, keyset-paginated by id, narrowed by entity type, actor, action and a range of
   * days in the organisation's zone.
   */
  async list(filter: Omit<AuditLogPage, 'timezone'>): Promise<AuditEntryEntity[]> {
    if (filter.from && filter.to && filter.from > filter.to) {
      throw new InvalidInputError('to', 'to must not be before from');
    }
    return this.auditLog.listNewestFirst({ ...filter, timezone: this.config.orgTimezone });
  }
}
