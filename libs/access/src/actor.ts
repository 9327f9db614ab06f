import { ROLE_NAMES, RoleName } from '@app/contracts';

/** The roles, as the API's contract names them. */
export const ROLES = ROLE_NAMES;
export type Role = RoleName;

/** The authenticated caller of a request, as loaded fresh from the database. */
export interface Actor {
  id: string;
  username: string;
  roles: Role[];
  orgUnitId: string;
  /** ltree path of the actor's unit. */
  unitPath: string;
  requestId?: string;
}

/** The caller of a command that no user issued (the admin CLI, first-start seeding). */
export const SYSTEM_ACTOR_ID = null;
