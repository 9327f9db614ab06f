export { OrgUnitEntity } from './entities/org-unit.entity';
export { OrganisationError, OrganisationErrorCode } from './organisation.errors';
export { OrgUnitsRepository } from './org-units.repository';
export { NewUnit, OrgUnitsService, SubtreeSummary, UnitChanges, UnitView } from './org-units.service';
export { OrganisationModule } from './organisation.module';
