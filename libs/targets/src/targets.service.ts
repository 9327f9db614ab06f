import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, PolicyService, unitScopeSql } from '@app/access';
import { AuditService } from '@app/audit';
import { APP_CONFIG, AppConfig } from '@app/config';
import { ACTION_TYPES, ActionType, decodeIdCursor, Page, pageOf, ProgressView, TargetView } from '@app/contracts';
import { inYearSql } from '@app/stats';

export interface TargetInput {
  orgUnitId: string;
  perMember: number;
  actionTypes: ActionType[];
}

const TARGET_COLUMNS = `t.id, t.year, t.org_unit_id AS "orgUnitId", t.per_member AS "perMember",
  t.action_types AS "actionTypes", t.set_by AS "setBy", t.updated_at AS "updatedAt"`;

/**
 * Yearly targets ("at least N actions of these types per member") set on a unit for its
 * subtree, and each member's progress against the one in force for them.
 */
@Injectable()
export class TargetsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly policy: PolicyService,
    private readonly audit: AuditService,
  ) {}

  /** Sets (creates or replaces) the target of a unit in the caller's scope for a year. */
  async set(actor: Actor, year: number, input: TargetInput): Promise<TargetView> {
    // Stored in one canonical order, so that the same set always reads back alike.
    const actionTypes = ACTION_TYPES.filter((type) => input.actionTypes.includes(type));
    return this.db.transaction(async (m) => {
      await this.policy.assertUnitInScope(actor, input.orgUnitId, 'orgUnitId', m);
      const [before] = (await m.query(
        `SELECT ${TARGET_COLUMNS} FROM targets t WHERE t.year = $1 AND t.org_unit_id = $2 FOR UPDATE`,
        [year, input.orgUnitId],
      )) as TargetView[];
      const [target] = (await m.query(
        `INSERT INTO targets AS t (year, org_unit_id, per_member, action_types, set_by)
         VALUES ($1, $2, $3, $4::text[], $5)
         ON CONFLICT (year, org_unit_id) DO UPDATE
           SET per_member = excluded.per_member, action_types = excluded.action_types,
               set_by = excluded.set_by, updated_at = now()
         RETURNING ${TARGET_COLUMNS}`,
        [year, input.orgUnitId, input.perMember, actionTypes, actor.id],
      )) as TargetView[];
      await this.recordAudit(m, actor, target, before);
      return target;
    });
  }

  /** Targets set on units in the caller's scope, by id. */
  async list(actor: Actor, query: { cursor?: string; limit: number; year?: number }): Promise<Page<TargetView>> {
    const afterId = decodeIdCursor(query.cursor);
    const scope = unitScopeSql(this.policy.scopeOf(actor), 'o', 4);
    const rows = (await this.db.query(
      `SELECT ${TARGET_COLUMNS} FROM targets t JOIN org_units o ON o.id = t.org_unit_id
        WHERE ($1::bigint IS NULL OR t.id > $1) AND ($3::int IS NULL OR t.year = $3) AND ${scope.sql}
        ORDER BY t.id LIMIT $2`,
      [afterId, query.limit + 1, query.year ?? null, ...scope.params],
    )) as TargetView[];
    return pageOf(rows, query.limit);
  }

  /**
   * The caller's own actions in the year (ORG_TIMEZONE) against the target in force: the
   * one set for that year on the nearest unit at or above the caller's unit. Only the
   * target's action types count; with no target every action counts and there is no goal.
   */
  async progress(actor: Actor, year: number): Promise<ProgressView> {
    return this.db.transaction('REPEATABLE READ', async (m) => {
      const [target] = (await m.query(
        `SELECT t.org_unit_id::text AS "orgUnitId", t.per_member AS "perMember", t.action_types AS "actionTypes"
           FROM targets t
           JOIN org_units o ON o.id = t.org_unit_id
          WHERE t.year = $1 AND o.path @> (SELECT me.path FROM org_units me WHERE me.id = $2)
          ORDER BY nlevel(o.path) DESC LIMIT 1`,
        [year, actor.orgUnitId],
      )) as { orgUnitId: string; perMember: number; actionTypes: ActionType[] }[];
      const [{ actions }] = (await m.query(
        `SELECT count(*)::int AS actions FROM actions a
          WHERE a.user_id = $1 AND ${inYearSql('a.occurred_at', '$2', '$3')}
            AND ($4::text[] IS NULL OR a.type = ANY($4::text[]))`,
        [actor.id, year, this.config.orgTimezone, target?.actionTypes ?? null],
      )) as { actions: number }[];
      if (!target) {
        return { year, actions, perMember: null, remaining: null, actionTypes: null, targetOrgUnitId: null };
      }
      return {
        year,
        actions,
        perMember: target.perMember,
        remaining: Math.max(0, target.perMember - actions),
        actionTypes: target.actionTypes,
        targetOrgUnitId: target.orgUnitId,
      };
    });
  }

  private recordAudit(m: EntityManager, actor: Actor, target: TargetView, before: TargetView | undefined) {
    return this.audit.record(m, {
      actorId: actor.id,
      actorRoles: actor.roles,
      action: before ? 'target.update' : 'target.create',
      entityType: 'target',
      entityId: target.id,
      before,
      after: target,
      requestId: actor.requestId,
    });
  }
}
