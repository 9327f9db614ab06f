import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessError, AccessErrorCode, Actor, PolicyService, UnitScope } from '@app/access';
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
import { Queryable } from '@app/persistence';
import { FigureChangeRecorder } from '@app/stats';
import { assertSurveyDates, buildQuestions, QuestionInput, tallyAnswers, validateAnswers } from './survey-questions';
import { SurveyError, SurveyErrorCode } from './surveys.errors';
import { StoredQuestionnaireRow, SurveysRepository } from './surveys.repository';

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

/** Filters of GET /questionnaires and GET /questionnaires/units. */
export interface QuestionnaireFilter {
  year?: number;
  orgUnitId?: string;
  surveyId?: string;
  cursor?: string;
  limit: number;
}

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
    private readonly surveys: SurveysRepository,
  ) {}

  /** Creates a survey stamped with the creator's unit; every participating unit must be in the creator's scope. */
  async create(actor: Actor, input: NewSurvey): Promise<SurveyView> {
    assertSurveyDates(input.startsOn, input.endsOn);
    const questions = buildQuestions(input.questions ?? []);
    const unitIds = [...new Set(input.orgUnitIds)];
    return this.db.transaction(async (m) => {
      await this.assertUnitsInScope(actor, unitIds, m);
      const id = await this.surveys.insertSurvey(m, {
        title: input.title.normalize('NFC'),
        orgUnitId: actor.orgUnitId,
        createdBy: actor.id,
        startsOn: input.startsOn,
        endsOn: input.endsOn ?? null,
        questions,
      });
      await this.surveys.insertParticipants(m, id, unitIds);
      const survey = await this.require(m, { kind: 'all' }, id);
      await this.audit.recordChange(m, actor, { action: 'survey.create', entityType: 'survey', entityId: id, after: survey });
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
    const rows = await this.surveys.listVisibleTo(this.policy.scopeOf(actor), { ...query, afterId });
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
    const rows = await this.surveys.listQuestionnairesIn(this.policy.scopeOf(actor), { ...query, afterId });
    return pageOf(rows, query.limit);
  }

  /**
   * The units with at least one of the questionnaires {@link listQuestionnaires} would list,
   * by unit id, with how many each has: with `year` and `orgUnitId`, the rows behind `surveyUnits`.
   */
  async listQuestionnaireUnits(actor: Actor, query: QuestionnaireFilter): Promise<Page<QuestionnaireUnitView>> {
    const afterId = decodeIdCursor(query.cursor);
    if (query.orgUnitId) await this.policy.assertUnitInScope(actor, query.orgUnitId);
    const rows = await this.surveys.listQuestionnaireUnitsIn(this.policy.scopeOf(actor), { ...query, afterId });
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
      const earlier = await this.surveys.findQuestionnaireByKey(actor.id, idempotencyKey);
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
      if (!(await this.surveys.isParticipating(survey.id, input.orgUnitId, m))) {
        throw new SurveyError(
          SurveyErrorCode.UnitNotParticipating,
          'orgUnitId is not a participating unit of this survey',
          'orgUnitId',
        );
      }
      const valid = validateAnswers(survey.questions, answers);
      const insertedId = await this.surveys.insertQuestionnaire(m, {
        surveyId: survey.id,
        orgUnitId: input.orgUnitId,
        enteredBy: actor.id,
        answers: valid,
        idempotencyKey,
        requestHash: idempotencyKey ? hash : null,
      });
      if (insertedId === null) {
        // A concurrent request with the same key committed first; its row is visible to this statement.
        const winner = await this.surveys.findQuestionnaireByKey(actor.id, idempotencyKey as string, m);
        if (!winner) throw new Error('questionnaire idempotency conflict without a row');
        return replay(winner, hash);
      }
      const questionnaire = await this.surveys.findInsertedQuestionnaire(insertedId, m);
      await this.audit.recordChange(m, actor, {
        action: 'questionnaire.create',
        entityType: 'questionnaire',
        entityId: questionnaire.id,
        after: questionnaire,
      });
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
        subtree = (await this.policy.assertUnitInScope(actor, filter.orgUnitId, 'orgUnitId', m)).path;
      }
      const perUnit = await this.surveys.countQuestionnairesPerUnit(survey.id, subtree, scope, m);
      const counts = await this.surveys.countAnswers(survey.id, subtree, scope, m);
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

  /** The survey when the scope can see it, else NotFound (404). */
  private async require(db: Queryable, scope: UnitScope, id: string): Promise<SurveyView> {
    const survey = isId(id) ? await this.surveys.findVisibleTo(scope, id, db) : null;
    if (!survey) throw new AccessError(AccessErrorCode.NotFound, 'survey not found', 'id');
    return survey;
  }

  private async assertUnitsInScope(actor: Actor, unitIds: string[], db: Queryable): Promise<void> {
    if ((await this.surveys.countUnitsIn(this.policy.scopeOf(actor), unitIds, db)) !== unitIds.length) {
      throw new AccessError(AccessErrorCode.NotFound, 'orgUnitIds names a unit you cannot see', 'orgUnitIds');
    }
  }
}

function replay(stored: StoredQuestionnaireRow, hash: Buffer): EnteredQuestionnaire {
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

/**
 * Whom the actor may enter questionnaires for. Unlike reading scope, a leader's subtree does
 * not count (leaders only read): a collaborator who is also a leader enters for their own unit.
 */
function entryScope(actor: Actor): UnitScope {
  if (actor.roles.includes('admin')) return { kind: 'all' };
  if (actor.roles.includes('secretariat')) return { kind: 'subtree', path: actor.unitPath };
  return { kind: 'unit', unitId: actor.orgUnitId };
}
