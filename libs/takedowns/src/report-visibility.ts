import { Actor, PolicyService, UnitScope, unitScopeSql } from '@app/access';

/** Who reads reports and case changes: the user, and the scope the policy gives them. */
export interface ReportReader {
  id: string;
  scope: UnitScope;
}

/** The reader the policy makes of an actor. */
export function readerOf(policy: PolicyService, actor: Actor): ReportReader {
  return { id: actor.id, scope: policy.scopeOf(actor) };
}

/**
 * SQL predicate on a `reports` alias: the reports the actor may see. A collaborator sees
 * their own; a secretariat or leader the reports stamped with a unit of their subtree; an
 * admin every report. Page cases are visible through their visible reports. Parameters
 * start at $n.
 */
export function visibleReportsSql(reader: ReportReader, alias: string, n: number): { sql: string; params: unknown[] } {
  return visibleStampedSql(reader, alias, 'user_id', n);
}

/**
 * SQL predicate on a `page_case_events` alias, by the same rule as reports: a collaborator
 * sees their own changes; a secretariat or leader the changes stamped with a unit of their
 * subtree; an admin every change. Its parameters are those of {@link visibleReportsSql}
 * for the same actor, so both can share them.
 */
export function visibleCaseEventsSql(reader: ReportReader, alias: string, n: number): { sql: string; params: unknown[] } {
  return visibleStampedSql(reader, alias, 'actor_id', n);
}

function visibleStampedSql(
  { id, scope }: ReportReader,
  alias: string,
  authorColumn: 'user_id' | 'actor_id',
  n: number,
): { sql: string; params: unknown[] } {
  switch (scope.kind) {
    case 'all':
      return { sql: 'true', params: [] };
    case 'unit':
      return { sql: `${alias}.${authorColumn} = $${n}`, params: [id] };
    case 'subtree':
      return stampedInScopeSql(scope, alias, n);
  }
}

/**
 * SQL predicate on a `page_case_events` alias: the change was made from a unit of the
 * scope (a subtree; a collaborator's, their own unit). Who made a change elsewhere, and
 * what they wrote, belongs to that other subtree. Parameters start at $n.
 */
export function changeFromUnitInScopeSql(scope: UnitScope, alias: string, n: number): { sql: string; params: unknown[] } {
  return stampedInScopeSql(scope, alias, n);
}

/** The row's `org_unit_id` names a unit of the scope. */
function stampedInScopeSql(scope: UnitScope, alias: string, n: number): { sql: string; params: unknown[] } {
  const units = unitScopeSql(scope, 'vo', n);
  return { sql: `EXISTS (SELECT 1 FROM org_units vo WHERE vo.id = ${alias}.org_unit_id AND ${units.sql})`, params: units.params };
}

/**
 * The tree (its top unit's id) a unit's ltree path belongs to. Paths are ids from the root
 * (ADR 002), so the first label is the top unit. A shared page case has one review track
 * per tree (ADR 008).
 */
export function treeOfPath(unitPath: string): string {
  return unitPath.split('.')[0];
}
