export { AccessError, AccessErrorCode } from './access.errors';
export { AccessModule } from './access.module';
export { Actor, Role, ROLES, SYSTEM_ACTOR_ID } from './actor';
export { Permission, PERMISSIONS, SECRETARIAT_GRANTABLE_ROLES } from './permissions';
export { ManagedUser, PolicyService } from './policy.service';
export { UnitScope, unitScopeSql } from './unit-scope';
export { ScopedUnit } from './unit-tree.repository';
