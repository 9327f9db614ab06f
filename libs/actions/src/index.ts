export { ActionWriter } from './action-writer';
export { ActionView } from './action-view';
export { ActionError, ActionErrorCode } from './actions.errors';
export { ActionsModule } from './actions.module';
export { ActionFilter, ActionsService, BatchItemResult, LoggedAction } from './actions.service';
