export const ROLES = ['collaborator', 'secretariat', 'leader', 'admin'] as const;
export type Role = (typeof ROLES)[number];

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
