import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Actor, PolicyService } from '@app/access';
import { AuditService } from '@app/audit';
import { APP_CONFIG, AppConfig } from '@app/config';
import { ACTION_TYPES, ActionType, decodeIdCursor, Page, pageOf, ProgressView, TargetView } from '@app/contracts';
import { TargetsRepository } from './targets.repository';

export interface TargetInput {
  orgUnitId: string;
  perMember: number;
  actionTypes: ActionType[];
}

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
    private readonly targets: TargetsRepository,
  ) {}

  /** Sets (creates or replaces) the target of a unit in the caller's scope for a year. */
  async set(actor: Actor, year: number, input: TargetInput): Promise<TargetView> {
    // Stored in one canonical order, so that the same set always reads back alike.
    const actionTypes = ACTION_TYPES.filter((type) => input.actionTypes.includes(type));
    return this.db.transaction(async (m) => {
      await this.policy.assertUnitInScope(actor, input.orgUnitId, 'orgUnitId', m);
      const before = (await this.targets.lockByYearAndUnit(m, year, input.orgUnitId)) ?? undefined;
      const target = await this.targets.upsert(m, {
        year,
        orgUnitId: input.orgUnitId,
        perMember: input.perMember,
        actionTypes,
        setBy: actor.id,
      });
      await this.audit.recordChange(m, actor, {
        action: before ? 'target.update' : 'target.create',
        entityType: 'target',
        entityId: target.id,
        before,
        after: target,
      });
      return target;
    });
  }

  /** Targets set on units in the caller's scope, by id. */
  async list(actor: Actor, query: { cursor?: string; limit: number; year?: number }): Promise<Page<TargetView>> {
    const afterId = decodeIdCursor(query.cursor);
    const rows = await this.targets.listVisibleTo(this.policy.scopeOf(actor), {
      afterId,
      limit: query.limit,
      year: query.year ?? null,
    });
    return pageOf(rows, query.limit);
  }

  /**
   * The caller's own actions in the year (ORG_TIMEZONE) against the target in force: the
   * one set for that year on the nearest unit at or above the caller's unit. Only the
   * target's action types count; with no target every action counts and there is no goal.
   */
  async progress(actor: Actor, year: number): Promise<ProgressView> {
    return this.db.transaction('REPEATABLE READ', async (m) => {
      const target = await this.targets.findInForce(year, actor.orgUnitId, m);
      const actions = await this.targets.countMemberActions(
        { userId: actor.id, year, timezone: this.config.orgTimezone, actionTypes: target?.actionTypes ?? null },
        m,
      );
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
}
