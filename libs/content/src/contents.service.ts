import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, PolicyService, unitScopeSql } from '@app/access';
import { AuditService } from '@app/audit';
import { ContentKind, decodeIdCursor, isId, Page, pageOf } from '@app/contracts';
import { APP_CONFIG, AppConfig } from '@app/config';
import { canonicalizeUrl, UrlError } from '@app/platforms';
import { FigureChangeRecorder, inYearSql } from '@app/stats';
import { ContentError, ContentErrorCode } from './content.errors';

/** A content as the API shows it. */
export interface ContentView {
  id: string;
  kind: ContentKind;
  title: string;
  url: string;
  publishedAt: string;
  orgUnitId: string;
  interactions: number;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

const CONTENT_COLUMNS = `c.id, c.kind, c.title, c.url, c.published_at AS "publishedAt", c.org_unit_id AS "orgUnitId",
  c.interactions, c.created_by AS "createdBy", c.created_at AS "createdAt", c.updated_at AS "updatedAt"`;

/**
 * Articles to spread and the organisation's website posts. Stamped with the creator's
 * unit; one canonical URL per kind and unit.
 */
@Injectable()
export class ContentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly policy: PolicyService,
    private readonly audit: AuditService,
    private readonly figures: FigureChangeRecorder,
  ) {}

  async create(
    actor: Actor,
    input: { kind: ContentKind; title: string; url: string; publishedAt: string; interactions?: number },
  ): Promise<ContentView> {
    const url = canonical(input.url);
    return this.db.transaction(async (m) => {
      const inserted = (await m.query(
        `INSERT INTO contents AS c (kind, title, url, published_at, org_unit_id, interactions, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (org_unit_id, kind, url) DO NOTHING
         RETURNING ${CONTENT_COLUMNS}`,
        [input.kind, input.title, url, input.publishedAt, actor.orgUnitId, input.interactions ?? 0, actor.id],
      )) as ContentView[];
      if (inserted.length === 0) {
        const [existing] = (await m.query(
          `SELECT id FROM contents WHERE org_unit_id = $1 AND kind = $2 AND url = $3`,
          [actor.orgUnitId, input.kind, url],
        )) as { id: string }[];
        throw new ContentError(
          ContentErrorCode.DuplicateUrl,
          `url is already registered as content ${existing.id} of this kind in your unit`,
          'url',
          { existingId: existing.id },
        );
      }
      const content = inserted[0];
      await this.recordChange(m, actor, 'content.create', content, undefined);
      return content;
    });
  }

  async update(actor: Actor, id: string, changes: { interactions?: number; title?: string }): Promise<ContentView> {
    return this.db.transaction(async (m) => {
      const before = await this.findInScope(actor, id, m, true);
      const unchanged =
        (changes.interactions === undefined || changes.interactions === before.interactions) &&
        (changes.title === undefined || changes.title === before.title);
      if (unchanged) return before;
      const [rows] = (await m.query(
        `UPDATE contents AS c SET interactions = coalesce($2, interactions), title = coalesce($3, title), updated_at = now()
          WHERE id = $1 RETURNING ${CONTENT_COLUMNS}`,
        [id, changes.interactions ?? null, changes.title ?? null],
      )) as [ContentView[], number];
      await this.recordChange(m, actor, 'content.update', rows[0], before);
      return rows[0];
    });
  }

  async get(actor: Actor, id: string): Promise<ContentView> {
    return this.findVisible(actor, id);
  }

  /**
   * Contents the caller may use: those of their own unit's ancestors (what they are asked
   * to spread) and those of the units in their scope. `orgUnitId` (in scope, else 404) keeps
   * those stamped with a unit of its subtree: with kind=website_post and `year`, the rows
   * behind `websitePosts`.
   */
  async list(
    actor: Actor,
    query: { cursor?: string; limit: number; kind?: ContentKind; year?: number; orgUnitId?: string },
  ): Promise<Page<ContentView>> {
    const afterId = decodeIdCursor(query.cursor);
    if (query.orgUnitId) await this.policy.assertUnitInScope(actor, query.orgUnitId);
    const scope = unitScopeSql(this.policy.scopeOf(actor), 'o', 8);
    const rows = (await this.db.query(
      `SELECT ${CONTENT_COLUMNS} FROM contents c JOIN org_units o ON o.id = c.org_unit_id
        WHERE ($1::bigint IS NULL OR c.id > $1) AND ($3::text IS NULL OR c.kind = $3)
          AND ($4::int IS NULL OR (${inYearSql('c.published_at', '$4', '$5')}))
          AND ($7::bigint IS NULL OR o.path <@ (SELECT f.path FROM org_units f WHERE f.id = $7))
          AND (o.path @> $6::ltree OR ${scope.sql})
        ORDER BY c.id LIMIT $2`,
      [
        afterId,
        query.limit + 1,
        query.kind ?? null,
        query.year ?? null,
        this.config.orgTimezone,
        actor.unitPath,
        query.orgUnitId ?? null,
        ...scope.params,
      ],
    )) as ContentView[];
    return pageOf(rows, query.limit);
  }

  /** Throws NotFound unless the caller may name this content (in a task or an action). */
  async findVisible(actor: Actor, id: string, manager: EntityManager = this.db.manager): Promise<ContentView> {
    const scope = unitScopeSql(this.policy.scopeOf(actor), 'o', 3);
    const rows = isId(id)
      ? ((await manager.query(
          `SELECT ${CONTENT_COLUMNS} FROM contents c JOIN org_units o ON o.id = c.org_unit_id
            WHERE c.id = $1 AND (o.path @> $2::ltree OR ${scope.sql})`,
          [id, actor.unitPath, ...scope.params],
        )) as ContentView[])
      : [];
    if (!rows[0]) throw new ContentError(ContentErrorCode.NotFound, 'contentId does not name a content you can see', 'contentId');
    return rows[0];
  }

  private async findInScope(actor: Actor, id: string, m: EntityManager, lock: boolean): Promise<ContentView> {
    const scope = unitScopeSql(this.policy.scopeOf(actor), 'o', 2);
    const rows = isId(id)
      ? ((await m.query(
          `SELECT ${CONTENT_COLUMNS} FROM contents c JOIN org_units o ON o.id = c.org_unit_id
            WHERE c.id = $1 AND ${scope.sql} ${lock ? 'FOR UPDATE OF c' : ''}`,
          [id, ...scope.params],
        )) as ContentView[])
      : [];
    if (!rows[0]) throw new ContentError(ContentErrorCode.NotFound, 'content not found', 'id');
    return rows[0];
  }

  private async recordChange(m: EntityManager, actor: Actor, action: string, content: ContentView, before?: ContentView) {
    await this.audit.record(m, {
      actorId: actor.id,
      actorRoles: actor.roles,
      action,
      entityType: 'content',
      entityId: content.id,
      before,
      after: content,
      requestId: actor.requestId,
    });
    if (content.kind === 'website_post') {
      await this.figures.record(m, [{ orgUnitId: content.orgUnitId, family: 'website', at: content.publishedAt }]);
    }
  }
}

function canonical(url: string): string {
  try {
    return canonicalizeUrl(url).url;
  } catch (error) {
    if (error instanceof UrlError) throw new ContentError(ContentErrorCode.InvalidUrl, error.message, 'url');
    throw error;
  }
}
