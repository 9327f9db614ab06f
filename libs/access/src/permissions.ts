import { Role } from './actor';

/**
 * Every permission the API checks, with the roles that hold it. Scope (which units)
 * is decided separately by {@link PolicyService}; this table only says who may try.
 */
export const PERMISSIONS = {
  'me:read': ['collaborator', 'secretariat', 'leader', 'admin'],
  'me:write': ['collaborator', 'secretariat', 'leader', 'admin'],
  'org-units:read': ['collaborator', 'secretariat', 'leader', 'admin'],
  'org-units:write': ['admin'],
  'users:read': ['secretariat', 'leader', 'admin'],
  'users:write': ['secretariat', 'admin'],
  'teams:read': ['secretariat', 'leader', 'admin'],
  'teams:write': ['secretariat', 'admin'],
  'jobs:read': ['collaborator', 'secretariat', 'leader', 'admin'],
  'audit:read': ['admin'],
  'system:read': ['admin'],
  'admin-queues:open': ['admin'],
  'contents:read': ['collaborator', 'secretariat', 'leader', 'admin'],
  'contents:write': ['secretariat', 'admin'],
  'tasks:read': ['collaborator', 'secretariat', 'leader', 'admin'],
  'tasks:write': ['secretariat', 'admin'],
  'assignments:own': ['collaborator', 'secretariat', 'leader', 'admin'],
  'assignments:read': ['secretariat', 'leader', 'admin'],
  'actions:read': ['collaborator', 'secretariat', 'leader', 'admin'],
  'actions:write': ['collaborator', 'secretariat', 'leader', 'admin'],
  'surveys:read': ['collaborator', 'secretariat', 'leader', 'admin'],
  'surveys:write': ['secretariat', 'admin'],
  'questionnaires:read': ['secretariat', 'leader', 'admin'],
  'questionnaires:write': ['collaborator', 'secretariat', 'admin'],
  'directives:read': ['secretariat', 'leader', 'admin'],
  'directives:write': ['secretariat', 'admin'],
  'targets:read': ['secretariat', 'leader', 'admin'],
  'targets:write': ['secretariat', 'admin'],
  'stats:read': ['secretariat', 'leader', 'admin'],
  'stats:export': ['secretariat', 'leader', 'admin'],
  'report-templates:read': ['secretariat', 'admin'],
  'report-templates:write': ['secretariat', 'admin'],
  'progress:own': ['collaborator', 'secretariat', 'leader', 'admin'],
  'reports:read': ['collaborator', 'secretariat', 'leader', 'admin'],
  'reports:write': ['collaborator', 'secretariat', 'admin'],
  'evidence:read': ['collaborator', 'secretariat', 'leader', 'admin'],
  'evidence:write': ['collaborator', 'secretariat', 'admin'],
  'pages:read': ['collaborator', 'secretariat', 'leader', 'admin'],
  'pages:review': ['secretariat', 'admin'],
  'pages:package': ['secretariat', 'leader', 'admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

/** Roles a secretariat may give; anything higher needs an admin. */
export const SECRETARIAT_GRANTABLE_ROLES: readonly Role[] = ['collaborator'];
