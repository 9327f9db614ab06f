import { SHARE_TYPES_SQL } from '@app/contracts';
import { FigureFamily } from './figure-changes';

/**
 * How each family's daily metrics are computed from the source rows. Every query takes
 * $1 = unit ids (bigint[]), $2 = the days (date[]), $3 = ORG_TIMEZONE, and answers
 * (org_unit_id, day, metric, value) for the records stamped with exactly those units. A day D in the zone runs from
 * D 00:00 local to D+1 00:00 local, so an action at 2023-12-31T18:00Z is on 2024-01-01.
 */
const DAY = (column: string) =>
  `${column} >= d.day::timestamp AT TIME ZONE $3 AND ${column} < (d.day + 1)::timestamp AT TIME ZONE $3`;

// Turns one aggregated row per day into (day, metric, value) rows.
const unpivot = (aggregate: string, metrics: string[]) => `
  SELECT x.org_unit_id, x.day, v.metric, v.value FROM (${aggregate}) x
  CROSS JOIN LATERAL (VALUES ${metrics.map((m) => `('${m}', x.${m}::bigint)`).join(', ')}) v(metric, value)`;

export interface FamilyDefinition {
  /** The additive metrics this family owns in figure_daily / _monthly / _yearly. */
  metrics: string[];
  /** SQL answering (day, metric, value) for one unit and some days; absent for families without daily metrics. */
  daily?: string;
}

/**
 * One index range scan per (unit, day): the aggregate runs inside LATERAL, so the planner
 * cannot turn a few buckets into a scan of the whole table (it misjudges unnest's rows).
 */
const perUnitDay = (aggregates: string, from: string, where: string) => `
  SELECT u.id AS org_unit_id, d.day, agg.*
    FROM unnest($1::bigint[]) u(id) CROSS JOIN unnest($2::date[]) d(day)
    CROSS JOIN LATERAL (SELECT ${aggregates} FROM ${from} WHERE ${where}) agg`;

export const FAMILY_DEFINITIONS: Record<FigureFamily, FamilyDefinition> = {
  website: {
    metrics: ['website_posts', 'website_interactions'],
    daily: unpivot(
      perUnitDay(
        `count(*) AS website_posts, coalesce(sum(c.interactions), 0) AS website_interactions`,
        'contents c',
        `c.org_unit_id = u.id AND c.kind = 'website_post' AND ${DAY('c.published_at')}`,
      ),
      ['website_posts', 'website_interactions'],
    ),
  },
  actions: {
    metrics: ['shares', 'reach', 'interactions'],
    daily: unpivot(
      perUnitDay(
        `count(*) FILTER (WHERE a.type IN ${SHARE_TYPES_SQL}) AS shares,
         coalesce(sum(a.reach) FILTER (WHERE a.type IN ${SHARE_TYPES_SQL}), 0) AS reach,
         count(*) FILTER (WHERE a.type IN ('comment', 'reaction')) AS interactions`,
        'actions a',
        `a.org_unit_id = u.id AND ${DAY('a.occurred_at')}`,
      ),
      ['shares', 'reach', 'interactions'],
    ),
  },
  participations: {
    metrics: ['participations'],
    daily: unpivot(
      perUnitDay(
        'count(*) AS participations',
        'assignments a',
        `a.org_unit_id = u.id AND a.status = 'done' AND ${DAY('a.completed_at')}`,
      ),
      ['participations'],
    ),
  },
  reports: {
    metrics: ['reports_filed'],
    daily: unpivot(perUnitDay('count(*) AS reports_filed', 'reports r', `r.org_unit_id = u.id AND ${DAY('r.created_at')}`), [
      'reports_filed',
    ]),
  },
  pages: {
    metrics: ['pages_removal_requested', 'pages_removed'],
    daily: unpivot(
      perUnitDay(
        `count(DISTINCT e.page_case_id) FILTER (WHERE e.to_status = 'removal_requested') AS pages_removal_requested,
         count(DISTINCT e.page_case_id) FILTER (WHERE e.to_status = 'removed') AS pages_removed`,
        'page_case_events e',
        `e.org_unit_id = u.id AND e.to_status IN ('removal_requested', 'removed') AND ${DAY('e.created_at')}`,
      ),
      ['pages_removal_requested', 'pages_removed'],
    ),
  },
  surveys: {
    metrics: ['surveys'],
    daily: unpivot(
      `SELECT s.org_unit_id, s.starts_on AS day, count(*) AS surveys FROM surveys s
        WHERE s.org_unit_id = ANY($1::bigint[]) AND s.starts_on = ANY($2::date[]) AND $3::text IS NOT NULL
        GROUP BY s.org_unit_id, s.starts_on`,
      ['surveys'],
    ),
  },
  // A questionnaire counts in the year its survey starts, so its day is the survey's start.
  questionnaires: {
    metrics: ['questionnaires'],
    daily: unpivot(
      `SELECT q.org_unit_id, s.starts_on AS day, count(*) AS questionnaires
         FROM questionnaires q JOIN surveys s ON s.id = q.survey_id
        WHERE q.org_unit_id = ANY($1::bigint[]) AND s.starts_on = ANY($2::date[]) AND $3::text IS NOT NULL
        GROUP BY q.org_unit_id, s.starts_on`,
      ['questionnaires'],
    ),
  },
  directives: {
    metrics: ['directives'],
    daily: unpivot(
      `SELECT r.org_unit_id, r.issued_on AS day, count(*) AS directives FROM directives r
        WHERE r.org_unit_id = ANY($1::bigint[]) AND r.issued_on = ANY($2::date[]) AND $3::text IS NOT NULL
        GROUP BY r.org_unit_id, r.issued_on`,
      ['directives'],
    ),
  },
  members: { metrics: [] },
};

/** Metric names as stored, and the SPEC figure each one is. */
export const METRIC_FIGURES = {
  website_posts: 'websitePosts',
  website_interactions: 'websiteInteractions',
  shares: 'shares',
  reach: 'reach',
  interactions: 'interactions',
  participations: 'participations',
  reports_filed: 'reportsFiled',
  pages_removal_requested: 'pagesRemovalRequested',
  pages_removed: 'pagesRemoved',
  surveys: 'surveys',
  questionnaires: 'questionnaires',
  survey_units: 'surveyUnits',
  directives: 'directives',
} as const;
