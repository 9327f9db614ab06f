import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { UnitScope, unitScopeSql } from '@app/access';
import { QuestionnaireUnitView, QuestionnaireView, SurveyQuestion, SurveyView } from '@app/contracts';
import { execute, Queryable, selectOne, selectRows } from '@app/persistence';
import { dateInYearSql } from '@app/stats';
import { AnswerCount } from './survey-questions';

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

/** The filters of {@link QuestionnairePage} on `questionnaires q`, `surveys s`, `org_units o`: year $3, subtree $4, survey $5. */
const questionnaireFilterSql = `($3::int IS NULL OR ${dateInYearSql('s.starts_on', '$3')})
  AND ($4::bigint IS NULL OR o.path <@ (SELECT f.path FROM org_units f WHERE f.id = $4))
  AND ($5::bigint IS NULL OR q.survey_id = $5)`;

/** A survey as its creator wrote it. */
export interface SurveyRow {
  title: string;
  orgUnitId: string;
  createdBy: string;
  startsOn: string;
  endsOn: string | null;
  questions: SurveyQuestion[];
}

/** A questionnaire as entered, with the Idempotency-Key it came with. */
export interface QuestionnaireRow {
  surveyId: string;
  orgUnitId: string;
  enteredBy: string;
  answers: Record<string, unknown>;
  idempotencyKey: string | null;
  requestHash: Buffer | null;
}

/** A questionnaire with the hash of the request that entered it under an Idempotency-Key. */
export type StoredQuestionnaireRow = QuestionnaireView & { requestHash: Buffer | null };

/** A page of surveys: after `afterId`, `limit` of them (one more is read to tell whether another page follows). */
export interface SurveyPage {
  afterId: string | null;
  limit: number;
  year?: number;
  orgUnitId?: string;
}

/** A page of questionnaires (or of their units): after `afterId`, `limit` of them, one more read. */
export interface QuestionnairePage extends SurveyPage {
  surveyId?: string;
}

export interface UnitQuestionnaireCountRow {
  orgUnitId: string;
  questionnaires: number;
}

/** Surveys, their participating units (`survey_units`) and their questionnaires. */
@Injectable()
export class SurveysRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insertSurvey(m: Queryable, survey: SurveyRow): Promise<string> {
    const [{ id }] = await selectRows<{ id: string }>(
      m,
      `INSERT INTO surveys (title, org_unit_id, created_by, starts_on, ends_on, questions)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb) RETURNING id`,
      [survey.title, survey.orgUnitId, survey.createdBy, survey.startsOn, survey.endsOn, JSON.stringify(survey.questions)],
    );
    return id;
  }

  async insertParticipants(m: Queryable, surveyId: string, unitIds: string[]): Promise<void> {
    await execute(m, `INSERT INTO survey_units (survey_id, org_unit_id) SELECT $1, unnest($2::bigint[])`, [surveyId, unitIds]);
  }

  /** Surveys the scope can see, by id; `orgUnitId` keeps those owned by a unit of its subtree. */
  listVisibleTo(scope: UnitScope, page: SurveyPage, db: Queryable = this.dataSource.manager): Promise<SurveyView[]> {
    const units = unitScopeSql(scope, 'o', 5);
    return selectRows<SurveyView>(
      db,
      `SELECT ${surveyColumns(units.sql)} FROM surveys s
        WHERE ($1::bigint IS NULL OR s.id > $1)
          AND ($3::int IS NULL OR ${dateInYearSql('s.starts_on', '$3')})
          AND ($4::bigint IS NULL OR EXISTS (SELECT 1 FROM org_units fo WHERE fo.id = s.org_unit_id
                 AND fo.path <@ (SELECT f.path FROM org_units f WHERE f.id = $4)))
          AND ${visibleSql(scope, 5)}
        ORDER BY s.id LIMIT $2`,
      [page.afterId, page.limit + 1, page.year ?? null, page.orgUnitId ?? null, ...units.params],
    );
  }

  /** The survey when the scope can see it. */
  findVisibleTo(scope: UnitScope, id: string, db: Queryable = this.dataSource.manager): Promise<SurveyView | null> {
    const units = unitScopeSql(scope, 'o', 2);
    return selectOne<SurveyView>(
      db,
      `SELECT ${surveyColumns(units.sql)} FROM surveys s WHERE s.id = $1 AND ${visibleSql(scope, 2)}`,
      [id, ...units.params],
    );
  }

  async isParticipating(surveyId: string, orgUnitId: string, db: Queryable = this.dataSource.manager): Promise<boolean> {
    const rows = await selectRows(db, `SELECT 1 FROM survey_units WHERE survey_id = $1 AND org_unit_id = $2`, [surveyId, orgUnitId]);
    return rows.length > 0;
  }

  /** How many of `unitIds` name a unit of the scope. */
  async countUnitsIn(scope: UnitScope, unitIds: string[], db: Queryable = this.dataSource.manager): Promise<number> {
    const units = unitScopeSql(scope, 'o', 2);
    const [{ count }] = await selectRows<{ count: number }>(
      db,
      `SELECT count(*)::int AS count FROM org_units o WHERE o.id = ANY($1::bigint[]) AND ${units.sql}`,
      [unitIds, ...units.params],
    );
    return count;
  }

  /** The new questionnaire's id, or null when the user's Idempotency-Key already entered one. */
  async insertQuestionnaire(m: Queryable, q: QuestionnaireRow): Promise<string | null> {
    const inserted = await selectOne<{ id: string }>(
      m,
      `INSERT INTO questionnaires (survey_id, org_unit_id, entered_by, answers, idempotency_key, request_hash)
         VALUES ($1, $2, $3, $4::jsonb, $5, $6)
         ON CONFLICT (entered_by, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
         RETURNING id`,
      [q.surveyId, q.orgUnitId, q.enteredBy, JSON.stringify(q.answers), q.idempotencyKey, q.requestHash],
    );
    return inserted?.id ?? null;
  }

  /** A questionnaire the caller's transaction just inserted, so it exists. */
  async findInsertedQuestionnaire(id: string, db: Queryable = this.dataSource.manager): Promise<QuestionnaireView> {
    const [questionnaire] = await selectRows<QuestionnaireView>(db, `SELECT ${QUESTIONNAIRE_COLUMNS} FROM questionnaires q WHERE q.id = $1`, [
      id,
    ]);
    return questionnaire;
  }

  findQuestionnaireByKey(userId: string, key: string, db: Queryable = this.dataSource.manager): Promise<StoredQuestionnaireRow | null> {
    return selectOne<StoredQuestionnaireRow>(
      db,
      `SELECT ${QUESTIONNAIRE_COLUMNS}, q.request_hash AS "requestHash"
         FROM questionnaires q WHERE q.entered_by = $1 AND q.idempotency_key = $2`,
      [userId, key],
    );
  }

  /** Questionnaires entered for units of the scope, by id. */
  listQuestionnairesIn(scope: UnitScope, page: QuestionnairePage, db: Queryable = this.dataSource.manager): Promise<QuestionnaireView[]> {
    const units = unitScopeSql(scope, 'o', 6);
    return selectRows<QuestionnaireView>(
      db,
      `SELECT ${QUESTIONNAIRE_COLUMNS} FROM questionnaires q
         JOIN surveys s ON s.id = q.survey_id JOIN org_units o ON o.id = q.org_unit_id
        WHERE ($1::bigint IS NULL OR q.id > $1) AND ${questionnaireFilterSql} AND ${units.sql}
        ORDER BY q.id LIMIT $2`,
      questionnairePageParams(page, units.params),
    );
  }

  /** The units of the scope with questionnaires {@link listQuestionnairesIn} would list, by unit id, with how many each has. */
  listQuestionnaireUnitsIn(
    scope: UnitScope,
    page: QuestionnairePage,
    db: Queryable = this.dataSource.manager,
  ): Promise<QuestionnaireUnitView[]> {
    const units = unitScopeSql(scope, 'o', 6);
    return selectRows<QuestionnaireUnitView>(
      db,
      `SELECT o.id::text AS "orgUnitId", o.name AS "orgUnitName", count(*)::int AS questionnaires
         FROM questionnaires q JOIN surveys s ON s.id = q.survey_id JOIN org_units o ON o.id = q.org_unit_id
        WHERE ($1::bigint IS NULL OR o.id > $1) AND ${questionnaireFilterSql} AND ${units.sql}
        GROUP BY o.id, o.name
        ORDER BY o.id LIMIT $2`,
      questionnairePageParams(page, units.params),
    );
  }

  /** Per participating unit of the scope (within `subtree` when given), how many questionnaires it has. */
  countQuestionnairesPerUnit(
    surveyId: string,
    subtree: string | null,
    scope: UnitScope,
    db: Queryable = this.dataSource.manager,
  ): Promise<UnitQuestionnaireCountRow[]> {
    const units = unitScopeSql(scope, 'o', 3);
    return selectRows<UnitQuestionnaireCountRow>(
      db,
      `SELECT su.org_unit_id::text AS "orgUnitId", count(q.id)::int AS questionnaires
           FROM survey_units su
           JOIN org_units o ON o.id = su.org_unit_id
           LEFT JOIN questionnaires q ON q.survey_id = su.survey_id AND q.org_unit_id = su.org_unit_id
          WHERE su.survey_id = $1 AND ($2::ltree IS NULL OR o.path <@ $2::ltree) AND ${units.sql}
          GROUP BY su.org_unit_id ORDER BY su.org_unit_id`,
      [surveyId, subtree, ...units.params],
    );
  }

  /** Per question and answer, how many questionnaires of units of the scope (within `subtree`) gave it. */
  countAnswers(surveyId: string, subtree: string | null, scope: UnitScope, db: Queryable = this.dataSource.manager): Promise<AnswerCount[]> {
    const units = unitScopeSql(scope, 'o', 3);
    return selectRows<AnswerCount>(
      db,
      `SELECT kv.key AS "questionId",
                CASE WHEN jsonb_typeof(kv.value) = 'number' THEN (kv.value)::int END AS choice,
                count(*)::int AS count
           FROM questionnaires q
           JOIN org_units o ON o.id = q.org_unit_id
           CROSS JOIN LATERAL jsonb_each(q.answers) kv
          WHERE q.survey_id = $1 AND ($2::ltree IS NULL OR o.path <@ $2::ltree) AND ${units.sql}
          GROUP BY 1, 2`,
      [surveyId, subtree, ...units.params],
    );
  }
}

function questionnairePageParams(page: QuestionnairePage, scopeParams: unknown[]): unknown[] {
  return [page.afterId, page.limit + 1, page.year ?? null, page.orgUnitId ?? null, page.surveyId ?? null, ...scopeParams];
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
