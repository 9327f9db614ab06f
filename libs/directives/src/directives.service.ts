import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, PolicyService, unitScopeSql } from '@app/access';
import { AuditService } from '@app/audit';
import { decodeIdCursor, DirectiveView, Page, pageOf } from '@app/contracts';
import { dateInYearSql, FigureChangeRecorder } from '@app/stats';

export interface NewDirective {
  number?: string | null;
  title: string;
  issuedOn: string;
}

const DIRECTIVE_COLUMNS = `d.id, d.number, d.title, to_char(d.issued_on, 'YYYY-MM-DD') AS "issuedOn",
  d.org_unit_id AS "orgUnitId", d.created_by AS "createdBy", d.created_at AS "createdAt"`;

/** Guidance documents issued by a unit; each counts in its creator's unit for the year it was issued. */
@Injectable()
export class DirectivesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly policy: PolicyService,
    private readonly audit: AuditService,
    private readonly figures: FigureChangeRecorder,
  ) {}

  /** Records a directive stamped with the creator's unit (the body cannot choose another). */
  async create(actor: Actor, input: NewDirective): Promise<DirectiveView> {
    return this.db.transaction(async (m) => {
      const [directive] = (await m.query(
        `INSERT INTO directives AS d (number, title, issued_on, org_unit_id, created_by)
         VALUES ($1, $2, $3, $4, $5) RETURNING ${DIRECTIVE_COLUMNS}`,
        [input.number?.normalize('NFC') ?? null, input.title.normalize('NFC'), input.issuedOn, actor.orgUnitId, actor.id],
      )) as DirectiveView[];
      await this.recordAudit(m, actor, directive);
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
    const scope = unitScopeSql(this.policy.scopeOf(actor), 'o', 5);
    const rows = (await this.db.query(
      `SELECT ${DIRECTIVE_COLUMNS} FROM directives d JOIN org_units o ON o.id = d.org_unit_id
        WHERE ($1::bigint IS NULL OR d.id > $1)
          AND ($3::int IS NULL OR ${dateInYearSql('d.issued_on', '$3')})
          AND ($4::bigint IS NULL OR o.path <@ (SELECT f.path FROM org_units f WHERE f.id = $4))
          AND ${scope.sql}
        ORDER BY d.id LIMIT $2`,
      [afterId, query.limit + 1, query.year ?? null, query.orgUnitId ?? null, ...scope.params],
    )) as DirectiveView[];
    return pageOf(rows, query.limit);
  }

  private recordAudit(m: EntityManager, actor: Actor, directive: DirectiveView) {
    return this.audit.record(m, {
      actorId: actor.id,
      actorRoles: actor.roles,
      action: 'directive.create',
      entityType: 'directive',
      entityId: directive.id,
      after: directive,
      requestId: actor.requestId,
    });
  }
}
