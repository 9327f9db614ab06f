import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { SignedInUser } from '../features/session/session';

type Role = SignedInUser['roles'][number];

/** Who works at the desk: the secretariat and admins (leaders get their dashboard in issue 13). */
export const DESK_ROLES: readonly Role[] = ['secretariat', 'admin'];

export function worksAtDesk(roles: readonly Role[]): boolean {
  return roles.some((role) => DESK_ROLES.includes(role));
}

export interface DeskArea {
  /** Under /desk; the area's own routes live below it (`contents/*`). */
  path: string;
  /** Its label, under desk.shell.nav. */
  label: string;
  /** Who sees it in the menu; the API refuses everyone else anyway. */
  roles: readonly Role[];
  page: LazyExoticComponent<ComponentType>;
}

const SECRETARIAT: readonly Role[] = ['secretariat', 'admin'];
const ADMIN: readonly Role[] = ['admin'];

/** The desk's areas, in menu order; each is its own chunk, loaded when opened. */
export const DESK_AREAS: readonly DeskArea[] = [
  { path: 'search', label: 'search', roles: SECRETARIAT, page: lazy(() => import('../features/search/SearchArea')) },
  { path: 'contents', label: 'contents', roles: SECRETARIAT, page: lazy(() => import('../features/content-registry/ContentArea')) },
  { path: 'tasks', label: 'tasks', roles: SECRETARIAT, page: lazy(() => import('../features/task-desk/TaskDeskArea')) },
  { path: 'pages', label: 'pages', roles: SECRETARIAT, page: lazy(() => import('../features/page-review/PageReviewArea')) },
  { path: 'surveys', label: 'surveys', roles: SECRETARIAT, page: lazy(() => import('../features/surveys/SurveysArea')) },
  { path: 'directives', label: 'directives', roles: SECRETARIAT, page: lazy(() => import('../features/directives/DirectivesArea')) },
  { path: 'targets', label: 'targets', roles: SECRETARIAT, page: lazy(() => import('../features/targets/TargetsArea')) },
  { path: 'members', label: 'members', roles: SECRETARIAT, page: lazy(() => import('../features/members/MembersArea')) },
  { path: 'teams', label: 'teams', roles: SECRETARIAT, page: lazy(() => import('../features/members/TeamsArea')) },
  { path: 'units', label: 'units', roles: ADMIN, page: lazy(() => import('../features/unit-tree/UnitTreeArea')) },
  { path: 'audit', label: 'audit', roles: ADMIN, page: lazy(() => import('../features/audit/AuditArea')) },
  { path: 'system', label: 'system', roles: ADMIN, page: lazy(() => import('../features/system-status/SystemArea')) },
];

export function areasFor(roles: readonly Role[]): DeskArea[] {
  return DESK_AREAS.filter((area) => area.roles.some((role) => roles.includes(role)));
}
