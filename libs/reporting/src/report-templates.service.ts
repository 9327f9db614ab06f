import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessError, AccessErrorCode, Actor, PolicyService } from '@app/access';
import { AuditService } from '@app/audit';
import { ReportTemplateView } from '@app/contracts';
import { ReportTemplatesRepository, StoredTemplate } from './report-templates.repository';
import { DEFAULT_YEARLY_SUMMARY, parseTemplate, SUMMARY_VOCABULARY, TemplateVocabulary, YEARLY_SUMMARY_TEMPLATE_KEY } from './summary-template';

/** The templates the secretariat may reword, each with its built-in default and its vocabulary. */
const TEMPLATES: Record<string, { defaultBody: string; vocabulary: TemplateVocabulary }> = {
  [YEARLY_SUMMARY_TEMPLATE_KEY]: { defaultBody: DEFAULT_YEARLY_SUMMARY, vocabulary: SUMMARY_VOCABULARY },
};

/**
 * The wording of generated reports, kept in `report_templates` per tree (its top unit) so
 * that each tree's secretariat can change its own without a deploy. A key a tree has not
 * saved yet reads as its built-in default.
 */
@Injectable()
export class ReportTemplatesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly policy: PolicyService,
    private readonly templates: ReportTemplatesRepository,
  ) {}

  /**
   * The template of a tree as the editor sees it: its body, whether it is the default, what it
   * may name. `orgUnitId` (default: the caller's unit) names any unit of the tree; 404 outside the caller's scope.
   */
  async view(actor: Actor, key: string, orgUnitId?: string): Promise<ReportTemplateView> {
    const root = await this.treeOf(actor, orgUnitId);
    return this.toView(key, await this.templates.find(key, root));
  }

  /** The body to render for a unit: its tree's saved one, or the built-in default. */
  async bodyOf(key: string, orgUnitId: string): Promise<string> {
    const root = await this.policy.rootOf(orgUnitId);
    const stored = root === null ? null : await this.templates.find(key, root);
    return stored?.body ?? definition(key).defaultBody;
  }

  /**
   * Saves a new body for a tree after checking every placeholder and section against the
   * template's vocabulary (InvalidTemplate, a 400 naming `body`, otherwise). The tree is the
   * caller's, or for an admin the one of `orgUnitId`; only an admin or someone of the tree's
   * top unit may change it (403 further down). Audited with the old body.
   */
  async update(actor: Actor, key: string, body: string, orgUnitId?: string): Promise<ReportTemplateView> {
    const root = await this.treeOf(actor, orgUnitId);
    await this.policy.assertCoversTree(actor, root);
    const { vocabulary } = definition(key);
    parseTemplate(body, vocabulary);
    return this.db.transaction(async (m) => {
      const before = await this.templates.lock(m, key, root);
      const saved = await this.templates.save(m, { key, root, body, updatedBy: actor.id });
      await this.audit.recordChange(m, actor, {
        action: 'report-template.update',
        entityType: 'report_template',
        // One template per tree: the entry names both.
        entityId: `${key}:${root}`,
        before: { body: before?.body ?? null },
        after: { body },
      });
      return this.toView(key, saved);
    });
  }

  /** The top unit of the tree a request addresses; 404 for a unit outside the caller's scope. */
  private async treeOf(actor: Actor, orgUnitId?: string): Promise<string> {
    if (orgUnitId !== undefined) await this.policy.assertUnitInScope(actor, orgUnitId);
    const root = await this.policy.rootOf(orgUnitId ?? actor.orgUnitId);
    if (root === null) throw new AccessError(AccessErrorCode.NotFound, 'orgUnitId does not name a unit you can see', 'orgUnitId');
    return root;
  }

  private toView(key: string, stored: StoredTemplate | null): ReportTemplateView {
    const { defaultBody, vocabulary } = definition(key);
    return {
      key,
      body: stored?.body ?? defaultBody,
      isDefault: stored === null,
      defaultBody,
      placeholders: [...vocabulary.values],
      sections: [...vocabulary.sections],
      updatedBy: stored?.updatedBy ?? null,
      updatedAt: stored ? new Date(stored.updatedAt).toISOString() : null,
    };
  }
}

function definition(key: string) {
  const found = TEMPLATES[key];
  if (!found) throw new Error(`no report template ${key}`);
  return found;
}
