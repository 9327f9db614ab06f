/** The part of the tree a caller may see: every unit, one subtree, or a single unit. */
export type UnitScope = { kind: 'all' } | { kind: 'subtree'; path: string } | { kind: 'unit'; unitId: string };

/** SQL predicate on an `org_units` alias restricting rows to a scope; its parameters start at $n. */
export function unitScopeSql(scope: UnitScope, alias: string, n: number): { sql: string; params: unknown[] } {
  switch (scope.kind) {
    case 'all':
      return { sql: 'true', params: [] };
    case 'subtree':
      return { sql: `${alias}.path <@ $${n}::ltree`, params: [scope.path] };
    case 'unit':
      return { sql: `${alias}.id = $${n}`, params: [scope.unitId] };
  }
}
