import { Actor, PolicyService, unitScopeSql } from '@app/access';

/**
 * SQL predicate on a `reports` alias: the reports the actor may see. A collaborator sees
 * their own; a secretariat or leader the reports stamped with a unit of their subtree; an
 * admin every report. Page cases are visible through their visible reports. Parameters
 * start at $n.
 */
export function visibleReportsSql(
  policy: PolicyService,
  actor: Actor,
  alias: string,
  n: number,
): { sql: string; params: unknown[] } {
  const scope = policy.scopeOf(actor);
  switch (scope.kind) {
    case 'all':
      return { sql: 'true', params: [] };
    case 'unit':
      return { sql: `${alias}.user_id = $${n}`, params: [actor.id] };
    case 'subtree': {
      const units = unitScopeSql(scope, 'vo', n);
      return {
        sql: `EXISTS (SELECT 1 FROM org_units vo WHERE vo.id = ${alias}.org_unit_id AND ${units.sql})`,
        params: units.params,
      };
    }
  }
}
