export * from './view-properties';
export * from './api-error.dto';
export * from './identity.view.dto';
export * from './records.view.dto';
export * from './takedowns.view.dto';
export * from './surveys.view.dto';
export * from './figures.view.dto';
export * from './api-answers';
