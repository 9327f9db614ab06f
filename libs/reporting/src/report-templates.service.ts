import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, PolicyService } from '@app/access';
import { AuditService } from '@app/audit';
import { ReportTemplateView } from '@app/contracts';
import { DEFAULT_YEARLY_SUMMARY, parseTemplate, SUMMARY_VOCABULARY, TemplateVocabulary, YEARLY_SUMMARY_TEMPLATE_KEY } from './summary-template';

/** The templates the secretariat may reword, each with its built-in default and its vocabulary. */
const TEMPLATES: Record<string, { defaultBody: string; vocabulary: TemplateVocabulary }> = {
  [YEARLY_SUMMARY_TEMPLATE_KEY]: { defaultBody: DEFAULT_YEARLY_SUMMARY, vocabulary: SUMMARY_VOCABULARY },
};

interface StoredTemplate {
  body: string;
  updatedBy: string | null;
  updatedAt: Date;
}

/**
 * The wording of generated reports, kept in `report_templates` so that the secretariat
 * can change it without a deploy. A key nobody has saved yet reads as its built-in default.
 */
@Injectable()
export class ReportTemplatesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly policy: PolicyService,
  ) {}

  /** The template as the editor sees it: its body, whether it is the default, what it may name. */
  async view(key: string): Promise<ReportTemplateView> {
    return this.toView(key, await this.stored(this.db.manager, key));
  }

  /** The body to render: the saved one, or the built-in default. */
  async bodyOf(key: string): Promise<string> {
    return (await this.stored(this.db.manager, key))?.body ?? definition(key).defaultBody;
  }

  /**
   * Saves a new body after checking every placeholder and section against the template's
   * vocabulary (InvalidTemplate, a 400 naming `body`, otherwise). One wording serves every
   * unit, so only those whose scope is the whole organisation may change it. Audited with the old body.
   */
  async update(actor: Actor, key: string, body: string): Promise<ReportTemplateView> {
    await this.policy.assertCoversWholeOrganisation(actor);
    const { vocabulary } = definition(key);
    parseTemplate(body, vocabulary);
    return this.db.transaction(async (m) => {
      const before = await this.stored(m, key, true);
      const [saved] = (await m.query(
        `INSERT INTO report_templates (key, body, updated_by, updated_at) VALUES ($1, $2, $3, now())
         ON CONFLICT (key) DO UPDATE SET body = EXCLUDED.body, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at
         RETURNING body, updated_by::text AS "updatedBy", updated_at AS "updatedAt"`,
        [key, body, actor.id],
      )) as StoredTemplate[];
      await this.audit.record(m, {
        actorId: actor.id,
        actorRoles: actor.roles,
        action: 'report-template.update',
        entityType: 'report_template',
        entityId: key,
        before: { body: before?.body ?? null },
        after: { body },
        requestId: actor.requestId,
      });
      return this.toView(key, saved);
    });
  }

  private async stored(m: EntityManager, key: string, lock = false): Promise<StoredTemplate | null> {
    const rows = (await m.query(
      `SELECT body, updated_by::text AS "updatedBy", updated_at AS "updatedAt" FROM report_templates WHERE key = $1
       ${lock ? 'FOR UPDATE' : ''}`,
      [key],
    )) as StoredTemplate[];
    return rows[0] ?? null;
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
