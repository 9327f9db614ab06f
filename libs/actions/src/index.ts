export { ActionWriter } from './action-writer';
export { ActionView } from './action-view';
export { ActionError, ActionErrorCode } from './actions.errors';
export { ActionsModule } from './actions.module';
// Exported as a named seam for the failure tests, which make one of its questions fail.
export { ActionsRepository } from './actions.repository';
export { ActionFilter, ActionsService, BatchItemResult, LoggedAction } from './actions.service';
