import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, PolicyService } from '@app/access';
import { AuditService } from '@app/audit';
import { ContentKind, decodeIdCursor, isId, Page, searchablePageOf } from '@app/contracts';
import { APP_CONFIG, AppConfig } from '@app/config';
import { canonicalizeUrl, withUrlRefusal } from '@app/platforms';
import { FigureChangeRecorder } from '@app/stats';
import { ContentError, ContentErrorCode } from './content.errors';
import { ContentsRepository, ContentView } from './contents.repository';

export { ContentView } from './contents.repository';

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
    private readonly contents: ContentsRepository,
  ) {}

  async create(
    actor: Actor,
    input: { kind: ContentKind; title: string; url: string; publishedAt: string; interactions?: number },
  ): Promise<ContentView> {
    const url = canonical(input.url);
    return this.db.transaction(async (m) => {
      const content = await this.contents.insertIfUrlFree(m, {
        kind: input.kind,
        title: input.title,
        url,
        publishedAt: input.publishedAt,
        orgUnitId: actor.orgUnitId,
        interactions: input.interactions ?? 0,
        createdBy: actor.id,
      });
      if (content === null) {
        const existingId = await this.contents.idOfExistingUrl(actor.orgUnitId, input.kind, url, m);
        throw new ContentError(
          ContentErrorCode.DuplicateUrl,
          `url is already registered as content ${existingId} of this kind in your unit`,
          'url',
          { existingId },
        );
      }
      await this.recordChange(m, actor, 'content.create', content, undefined);
      return content;
    });
  }

  async update(actor: Actor, id: string, changes: { interactions?: number; title?: string }): Promise<ContentView> {
    return this.db.transaction(async (m) => {
      const before = await this.lockInScope(actor, id, m);
      const unchanged =
        (changes.interactions === undefined || changes.interactions === before.interactions) &&
        (changes.title === undefined || changes.title === before.title);
      if (unchanged) return before;
      const after = await this.contents.update(m, id, {
        interactions: changes.interactions ?? null,
        title: changes.title ?? null,
      });
      await this.recordChange(m, actor, 'content.update', after, before);
      return after;
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
    query: { cursor?: string; limit: number; kind?: ContentKind; year?: number; orgUnitId?: string; q?: string },
  ): Promise<Page<ContentView>> {
    const cursorId = decodeIdCursor(query.cursor);
    // A ranked answer has no id order to resume from: with q, it is the best matches only.
    const afterId = query.q === undefined ? cursorId : null;
    if (query.orgUnitId) await this.policy.assertUnitInScope(actor, query.orgUnitId);
    const rows = await this.contents.listUsableBy(this.policy.scopeOf(actor), {
      afterId,
      limit: query.limit,
      kind: query.kind ?? null,
      year: query.year ?? null,
      timezone: this.config.orgTimezone,
      unitPath: actor.unitPath,
      orgUnitId: query.orgUnitId ?? null,
      q: query.q ?? null,
    });
    return searchablePageOf(rows, query.limit, query.q);
  }

  /** Throws NotFound unless the caller may name this content (in a task or an action). */
  async findVisible(actor: Actor, id: string, manager: EntityManager = this.db.manager): Promise<ContentView> {
    const content = isId(id)
      ? await this.contents.findUsableBy(id, actor.unitPath, this.policy.scopeOf(actor), manager)
      : null;
    if (!content) throw new ContentError(ContentErrorCode.NotFound, 'contentId does not name a content you can see', 'contentId');
    return content;
  }

  private async lockInScope(actor: Actor, id: string, m: EntityManager): Promise<ContentView> {
    const content = isId(id) ? await this.contents.lockInScope(m, id, this.policy.scopeOf(actor)) : null;
    if (!content) throw new ContentError(ContentErrorCode.NotFound, 'content not found', 'id');
    return content;
  }

  private async recordChange(m: EntityManager, actor: Actor, action: string, content: ContentView, before?: ContentView) {
    await this.audit.recordChange(m, actor, { action, entityType: 'content', entityId: content.id, before, after: content });
    if (content.kind === 'website_post') {
      await this.figures.record(m, [{ orgUnitId: content.orgUnitId, family: 'website', at: content.publishedAt }]);
    }
  }
}

function canonical(url: string): string {
  return withUrlRefusal(
    () => canonicalizeUrl(url).url,
    (e) => new ContentError(ContentErrorCode.InvalidUrl, e.message, 'url'),
  );
}
