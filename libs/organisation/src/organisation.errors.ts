import { DomainError } from '@app/contracts';

export enum OrganisationErrorCode {
  UnitCodeTaken = 'UNIT_CODE_TAKEN',
  MoveCreatesCycle = 'MOVE_CREATES_CYCLE',
  RootRequiresAdmin = 'ROOT_REQUIRES_ADMIN',
  UnitHasActiveMembers = 'UNIT_HAS_ACTIVE_MEMBERS',
  UnitHasActiveUnits = 'UNIT_HAS_ACTIVE_UNITS',
  UnitInactive = 'UNIT_INACTIVE',
}

/** Errors of the unit tree; the API maps each code to a status. */
export class OrganisationError extends DomainError<OrganisationErrorCode> {}
