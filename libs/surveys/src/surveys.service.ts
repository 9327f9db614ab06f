import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccessError, AccessErrorCode, Actor, PolicyService, UnitScope, unitScopeSql } from '@app/access';
import { AuditService } from '@app/audit';
import {
  decodeIdCursor,
  encodeIdCursor,
  isId,
  Page,
  pageOf,
  QuestionnaireUnitView,
  QuestionnaireView,
  requestHash,
  SurveyResultsView,
  SurveyView,
} from '@app/contracts';
import { dateInYearSql, FigureChangeRecorder } from '@app/stats';
import {
  AnswerCount,
  assertSurveyDates,
  buildQuestions,
  QuestionInput,
  tallyAnswers,
  validateAnswers,
} from './survey-questions';
import { SurveyError, SurveyErrorCode } from './surveys.errors';

export interface NewSurvey {
  title: string;
  startsOn: string;
  endsOn?: string | null;
  orgUnitIds: string[];
  questions?: QuestionInput[];
}

export interface NewQuestionnaire {
  orgUnitId: string;
  answers?: Record<string, unknown>;
}

/** A questionnaire entered now, or the one an earlier request with the same Idempotency-Key entered. */
export interface EnteredQuestionnaire {
  questionnaire: QuestionnaireView;
  replayed: boolean;
}

/** Survey columns; `orgUnitIds` lists only the participating units that pass `unitFilter` (on alias `o`). */
const surveyColumns = (unitFilter: string) => `s.id, s.title, s.org_unit_id AS "orgUnitId",
  to_char(s.starts_on, 'YYYY-MM-DD') AS "startsOn", to_char(s.ends_on, 'YYYY-MM-DD') AS "endsOn",
  coalesce((SELECT array_agg(su.org_unit_id::text ORDER BY su.org_unit_id)
              FROM survey_units su JOIN org_units o ON o.id = su.org_unit_id
             WHERE su.survey_id = s.id AND ${unitFilter}), '{}') AS "orgUnitIds",
  (SELECT count(*)::int FROM survey_units su WHERE su.survey_id = s.id) AS "unitCount",
  s.questions, s.created_by AS "createdBy", s.created_at AS "createdAt"`;

const QUESTIONNAIRE_COLUMNS = `q.id, q.survey_id AS "surveyId", q.org_unit_id AS "orgUnitId", q.answers,
  q.entered_by AS "enteredBy", q.created_at AS "createdAt"`;

/** Filters of GET /questionnaires and GET /questionnaires/units. */
export interface QuestionnaireFilter {
  year?: number;
  orgUnitId?: string;
  surveyId?: string;
  cursor?: string;
  limit: number;
}

/** The filters of {@link QuestionnaireFilter} on `questionnaires q`, `surveys s`, `org_units o`: year $3, subtree $4, survey $5. */
const questionnaireFilterSql = `($3::int IS NULL OR ${dateInYearSql('s.starts_on', '$3')})
  AND ($4::bigint IS NULL OR o.path <@ (SELECT f.path FROM org_units f WHERE f.id = $4))
  AND ($5::bigint IS NULL OR q.survey_id = $5)`;

/**
 * Surveys, their participating units, and the questionnaires entered for those units.
 *
 * A survey is visible to whoever has its owning unit or one of its participating units in
 * scope: participants must see the survey to answer it. Everything counted (results,
 * the `orgUnitIds` shown) is limited to the units in the caller's scope.
 */
@Injectable()
export class SurveysService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly policy: PolicyService,
    private readonly audit: AuditService,
    private readonly figures: FigureChangeRecorder,
  ) {}

  /** Creates a survey stamped with the creator's unit; every participating unit must be in the creator's scope. */
  async create(actor: Actor, input: NewSurvey): Promise<SurveyView> {
    assertSurveyDates(input.startsOn, input.endsOn);
    const questions = buildQuestions(input.questions ?? []);
    const unitIds = [...new Set(input.orgUnitIds)];
    return this.db.transaction(async (m) => {
      await this.assertUnitsInScope(actor, unitIds, m);
      const [{ id }] = (await m.query(
        `INSERT INTO surveys (title, org_unit_id, created_by, starts_on, ends_on, questions)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb) RETURNING id`,
        [
          input.title.normalize('NFC'),
          actor.orgUnitId,
          actor.id,
          input.startsOn,
          input.endsOn ?? null,
          JSON.stringify(questions),
        ],
      )) as { id: string }[];
      await m.query(`INSERT INTO survey_units (survey_id, org_unit_id) SELECT $1, unnest($2::bigint[])`, [id, unitIds]);
      const survey = (await this.find(m, id, { kind: 'all' })) as SurveyView;
      await this.recordAudit(m, actor, 'survey.create', 'survey', id, survey);
      await this.figures.record(m, [{ orgUnitId: actor.orgUnitId, family: 'surveys', day: input.startsOn }]);
      return survey;
    });
  }

  /**
   * Surveys the caller can see, by id; `year` keeps those starting in that year, `orgUnitId`
   * (in scope, else 404) those owned by (stamped with the creator's unit) a unit of its
   * subtree: together, the rows behind `surveys`.
   */
  async list(
    actor: Actor,
    query: { cursor?: string; limit: number; year?: number; orgUnitId?: string },
  ): Promise<Page<SurveyView>> {
    const afterId = decodeIdCursor(query.cursor);
    if (query.orgUnitId) await this.policy.assertUnitInScope(actor, query.orgUnitId);
    const scope = this.policy.scopeOf(actor);
    const units = unitScopeSql(scope, 'o', 5);
    const rows = (await this.db.query(
      `SELECT ${surveyColumns(units.sql)} FROM surveys s
        WHERE ($1::bigint IS NULL OR s.id > $1)
          AND ($3::int IS NULL OR ${dateInYearSql('s.starts_on', '$3')})
          AND ($4::bigint IS NULL OR EXISTS (SELECT 1 FROM org_units fo WHERE fo.id = s.org_unit_id
                 AND fo.path <@ (SELECT f.path FROM org_units f WHERE f.id = $4)))
          AND ${visibleSql(scope, 5)}
        ORDER BY s.id LIMIT $2`,
      [afterId, query.limit + 1, query.year ?? null, query.orgUnitId ?? null, ...units.params],
    )) as SurveyView[];
    return pageOf(rows, query.limit);
  }

  /**
   * Questionnaires entered for units in the caller's scope, by id. `year` keeps those of
   * surveys starting in that year (whichever unit owns the survey), `orgUnitId` (in scope,
   * else 404) those entered for a unit of its subtree: together, the rows behind `questionnaires`.
   */
  async listQuestionnaires(actor: Actor, query: QuestionnaireFilter): Promise<Page<QuestionnaireView>> {
    const afterId = decodeIdCursor(query.cursor);
    if (query.orgUnitId) await this.policy.assertUnitInScope(actor, query.orgUnitId);
    const units = unitScopeSql(this.policy.scopeOf(actor), 'o', 6);
    const rows = (await this.db.query(
      `SELECT ${QUESTIONNAIRE_COLUMNS} FROM questionnaires q
         JOIN surveys s ON s.id = q.survey_id JOIN org_units o ON o.id = q.org_unit_id
        WHERE ($1::bigint IS NULL OR q.id > $1) AND ${questionnaireFilterSql} AND ${units.sql}
        ORDER BY q.id LIMIT $2`,
      [afterId, query.limit + 1, query.year ?? null, query.orgUnitId ?? null, query.surveyId ?? null, ...units.params],
    )) as QuestionnaireView[];
    return pageOf(rows, query.limit);
  }

  /**
   * The units with at least one of the questionnaires {@link listQuestionnaires} would list,
   * by unit id, with how many each has: with `year` and `orgUnitId`, the rows behind `surveyUnits`.
   */
  async listQuestionnaireUnits(actor: Actor, query: QuestionnaireFilter): Promise<Page<QuestionnaireUnitView>> {
    const afterId = decodeIdCursor(query.cursor);
    if (query.orgUnitId) await this.policy.assertUnitInScope(actor, query.orgUnitId);
    const units = unitScopeSql(this.policy.scopeOf(actor), 'o', 6);
    const rows = (await this.db.query(
      `SELECT o.id::text AS "orgUnitId", o.name AS "orgUnitName", count(*)::int AS questionnaires
         FROM questionnaires q JOIN surveys s ON s.id = q.survey_id JOIN org_units o ON o.id = q.org_unit_id
        WHERE ($1::bigint IS NULL OR o.id > $1) AND ${questionnaireFilterSql} AND ${units.sql}
        GROUP BY o.id, o.name
        ORDER BY o.id LIMIT $2`,
      [afterId, query.limit + 1, query.year ?? null, query.orgUnitId ?? null, query.surveyId ?? null, ...units.params],
    )) as QuestionnaireUnitView[];
    const items = rows.slice(0, query.limit);
    return {
      items,
      nextCursor: rows.length > query.limit ? encodeIdCursor(items[items.length - 1].orgUnitId) : null,
    };
  }

  async get(actor: Actor, id: string): Promise<SurveyView> {
    return this.require(this.db.manager, this.policy.scopeOf(actor), id);
  }

  /**
   * Enters one questionnaire for a participating unit. A collaborator enters for their own
   * unit only, a secretariat (typing paper questionnaires) for any unit of its subtree, an
   * admin anywhere; leaders only read. With an Idempotency-Key, a repeat of the same request
   * answers the stored questionnaire and writes nothing; the key with another request is refused.
   */
  async enter(
    actor: Actor,
    surveyId: string,
    input: NewQuestionnaire,
    idempotencyKey: string | null,
  ): Promise<EnteredQuestionnaire> {
    const answers = input.answers ?? {};
    const hash = requestHash({ surveyId, orgUnitId: input.orgUnitId, answers });
    if (idempotencyKey) {
      const earlier = await this.findByKey(this.db.manager, actor.id, idempotencyKey);
      if (earlier) return replay(earlier, hash);
    }
    return this.db.transaction(async (m) => {
      const survey = await this.require(m, this.policy.scopeOf(actor), surveyId);
      if (!(await this.policy.isInScope(entryScope(actor), input.orgUnitId, m))) {
        throw new AccessError(
          AccessErrorCode.NotFound,
          'orgUnitId does not name a unit you can enter questionnaires for',
          'orgUnitId',
        );
      }
      const participating = (await m.query(`SELECT 1 FROM survey_units WHERE survey_id = $1 AND org_unit_id = $2`, [
        survey.id,
        input.orgUnitId,
      ])) as unknown[];
      if (participating.length === 0) {
        throw new SurveyError(
          SurveyErrorCode.UnitNotParticipating,
          'orgUnitId is not a participating unit of this survey',
          'orgUnitId',
        );
      }
      const valid = validateAnswers(survey.questions, answers);
      const inserted = (await m.query(
        `INSERT INTO questionnaires (survey_id, org_unit_id, entered_by, answers, idempotency_key, request_hash)
         VALUES ($1, $2, $3, $4::jsonb, $5, $6)
         ON CONFLICT (entered_by, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
         RETURNING id`,
        [survey.id, input.orgUnitId, actor.id, JSON.stringify(valid), idempotencyKey, idempotencyKey ? hash : null],
      )) as { id: string }[];
      if (inserted.length === 0) {
        // A concurrent request with the same key committed first; its row is visible to this statement.
        const winner = await this.findByKey(m, actor.id, idempotencyKey as string);
        if (!winner) throw new Error('questionnaire idempotency conflict without a row');
        return replay(winner, hash);
      }
      const questionnaire = (await this.findQuestionnaire(m, inserted[0].id)) as QuestionnaireView;
      await this.recordAudit(m, actor, 'questionnaire.create', 'questionnaire', questionnaire.id, questionnaire);
      await this.figures.record(m, [{ orgUnitId: input.orgUnitId, family: 'questionnaires', day: survey.startsOn }]);
      return { questionnaire, replayed: false };
    });
  }

  /**
   * Counts of the questionnaires entered for units in the caller's scope (and, with
   * `orgUnitId`, in that unit's subtree): per participating unit and per question.
   */
  async results(actor: Actor, surveyId: string, filter: { orgUnitId?: string }): Promise<SurveyResultsView> {
    const scope = this.policy.scopeOf(actor);
    // One snapshot, so that the per-unit and per-question counts agree.
    return this.db.transaction('REPEATABLE READ', async (m) => {
      const survey = await this.require(m, scope, surveyId);
      let subtree: string | null = null;
      if (filter.orgUnitId) {
        await this.policy.assertUnitInScope(actor, filter.orgUnitId, 'orgUnitId', m);
        [{ path: subtree }] = (await m.query(`SELECT path::text AS path FROM org_units WHERE id = $1`, [
          filter.orgUnitId,
        ])) as { path: string }[];
      }
      const units = unitScopeSql(scope, 'o', 3);
      const params = [survey.id, subtree, ...units.params];
      const perUnit = (await m.query(
        `SELECT su.org_unit_id::text AS "orgUnitId", count(q.id)::int AS questionnaires
           FROM survey_units su
           JOIN org_units o ON o.id = su.org_unit_id
           LEFT JOIN questionnaires q ON q.survey_id = su.survey_id AND q.org_unit_id = su.org_unit_id
          WHERE su.survey_id = $1 AND ($2::ltree IS NULL OR o.path <@ $2::ltree) AND ${units.sql}
          GROUP BY su.org_unit_id ORDER BY su.org_unit_id`,
        params,
      )) as { orgUnitId: string; questionnaires: number }[];
      const counts = (await m.query(
        `SELECT kv.key AS "questionId",
                CASE WHEN jsonb_typeof(kv.value) = 'number' THEN (kv.value)::int END AS choice,
                count(*)::int AS count
           FROM questionnaires q
           JOIN org_units o ON o.id = q.org_unit_id
           CROSS JOIN LATERAL jsonb_each(q.answers) kv
          WHERE q.survey_id = $1 AND ($2::ltree IS NULL OR o.path <@ $2::ltree) AND ${units.sql}
          GROUP BY 1, 2`,
        params,
      )) as AnswerCount[];
      return {
        surveyId: survey.id,
        orgUnitId: filter.orgUnitId ?? null,
        questionnaires: perUnit.reduce((sum, unit) => sum + unit.questionnaires, 0),
        unitsResponding: perUnit.filter((unit) => unit.questionnaires > 0).length,
        units: perUnit,
        questions: tallyAnswers(survey.questions, counts),
      };
    });
  }

  private async require(m: EntityManager, scope: UnitScope, id: string): Promise<SurveyView> {
    const survey = await this.find(m, id, scope);
    if (!survey) throw new AccessError(AccessErrorCode.NotFound, 'survey not found', 'id');
    return survey;
  }

  /** The survey when the scope can see it. */
  private async find(m: EntityManager, id: string, scope: UnitScope): Promise<SurveyView | null> {
    if (!isId(id)) return null;
    const units = unitScopeSql(scope, 'o', 2);
    const rows = (await m.query(
      `SELECT ${surveyColumns(units.sql)} FROM surveys s WHERE s.id = $1 AND ${visibleSql(scope, 2)}`,
      [id, ...units.params],
    )) as SurveyView[];
    return rows[0] ?? null;
  }

  private async findQuestionnaire(m: EntityManager, id: string): Promise<QuestionnaireView | null> {
    const rows = (await m.query(`SELECT ${QUESTIONNAIRE_COLUMNS} FROM questionnaires q WHERE q.id = $1`, [
      id,
    ])) as QuestionnaireView[];
    return rows[0] ?? null;
  }

  private async findByKey(m: EntityManager, userId: string, key: string): Promise<StoredQuestionnaire | null> {
    const rows = (await m.query(
      `SELECT ${QUESTIONNAIRE_COLUMNS}, q.request_hash AS "requestHash"
         FROM questionnaires q WHERE q.entered_by = $1 AND q.idempotency_key = $2`,
      [userId, key],
    )) as StoredQuestionnaire[];
    return rows[0] ?? null;
  }

  private async assertUnitsInScope(actor: Actor, unitIds: string[], m: EntityManager): Promise<void> {
    const scope = unitScopeSql(this.policy.scopeOf(actor), 'o', 2);
    const [{ count }] = (await m.query(
      `SELECT count(*)::int AS count FROM org_units o WHERE o.id = ANY($1::bigint[]) AND ${scope.sql}`,
      [unitIds, ...scope.params],
    )) as { count: number }[];
    if (count !== unitIds.length) {
      throw new AccessError(AccessErrorCode.NotFound, 'orgUnitIds names a unit you cannot see', 'orgUnitIds');
    }
  }

  private recordAudit(m: EntityManager, actor: Actor, action: string, entityType: string, id: string, after: unknown) {
    return this.audit.record(m, {
      actorId: actor.id,
      actorRoles: actor.roles,
      action,
      entityType,
      entityId: id,
      after,
      requestId: actor.requestId,
    });
  }
}

type StoredQuestionnaire = QuestionnaireView & { requestHash: Buffer | null };

function replay(stored: StoredQuestionnaire, hash: Buffer): EnteredQuestionnaire {
  if (!stored.requestHash || !stored.requestHash.equals(hash)) {
    throw new SurveyError(
      SurveyErrorCode.IdempotencyKeyReused,
      'Idempotency-Key was already used for a different questionnaire',
      'Idempotency-Key',
    );
  }
  const { requestHash: _hash, ...questionnaire } = stored;
  return { questionnaire, replayed: true };
}

/** Predicate on a `surveys s` row: its owning unit or one of its participating units lies in the scope ($n). */
function visibleSql(scope: UnitScope, n: number): string {
  if (scope.kind === 'all') return 'true';
  const owner = unitScopeSql(scope, 'vo', n).sql;
  const participant = unitScopeSql(scope, 'vp', n).sql;
  return `(EXISTS (SELECT 1 FROM org_units vo WHERE vo.id = s.org_unit_id AND ${owner})
       OR EXISTS (SELECT 1 FROM survey_units vsu JOIN org_units vp ON vp.id = vsu.org_unit_id
                   WHERE vsu.survey_id = s.id AND ${participant}))`;
}

/**
 * Whom the actor may enter questionnaires for. Unlike reading scope, a leader's subtree does
 * not count (leaders only read): a collaborator who is also a leader enters for their own unit.
 */
function entryScope(actor: Actor): UnitScope {
  if (actor.roles.includes('admin')) return { kind: 'all' };
  if (actor.roles.includes('secretariat')) return { kind: 'subtree', path: actor.unitPath };
  return { kind: 'unit', unitId: actor.orgUnitId };
}
