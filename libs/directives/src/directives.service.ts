import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Actor, PolicyService } from '@app/access';
import { AuditService } from '@app/audit';
import { decodeIdCursor, DirectiveView, Page, pageOf } from '@app/contracts';
import { FigureChangeRecorder } from '@app/stats';
import { DirectivesRepository } from './directives.repository';

export interface NewDirective {
  number?: string | null;
  title: string;
  issuedOn: string;
}

/** Guidance documents issued by a unit; each counts in its creator's unit for the year it was issued. */
@Injectable()
export class DirectivesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly policy: PolicyService,
    private readonly audit: AuditService,
    private readonly figures: FigureChangeRecorder,
    private readonly directives: DirectivesRepository,
  ) {}

  /** Records a directive stamped with the creator's unit (the body cannot choose another). */
  async create(actor: Actor, input: NewDirective): Promise<DirectiveView> {
    return this.db.transaction(async (m) => {
      const directive = await this.directives.insert(m, {
        number: input.number?.normalize('NFC') ?? null,
        title: input.title.normalize('NFC'),
        issuedOn: input.issuedOn,
        orgUnitId: actor.orgUnitId,
        createdBy: actor.id,
      });
      await this.audit.recordChange(m, actor, {
        action: 'directive.create',
        entityType: 'directive',
        entityId: directive.id,
        after: directive,
      });
      await this.figures.record(m, [{ orgUnitId: actor.orgUnitId, family: 'directives', day: input.issuedOn }]);
      return directive;
    });
  }

  /**
   * Directives of units in the caller's scope, by id; `year` keeps those issued in that year,
   * `orgUnitId` (in scope, else 404) those stamped with a unit of its subtree: the rows behind `directives`.
   */
  async list(
    actor: Actor,
    query: { cursor?: string; limit: number; year?: number; orgUnitId?: string },
  ): Promise<Page<DirectiveView>> {
    const afterId = decodeIdCursor(query.cursor);
    if (query.orgUnitId) await this.policy.assertUnitInScope(actor, query.orgUnitId);
    const rows = await this.directives.listVisibleTo(this.policy.scopeOf(actor), {
      afterId,
      limit: query.limit,
      year: query.year ?? null,
      orgUnitId: query.orgUnitId ?? null,
    });
    return pageOf(rows, query.limit);
  }
}
