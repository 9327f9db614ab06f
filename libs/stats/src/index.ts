export { FIGURE_FAMILIES, FigureChange, FigureChangeRecorder, FigureFamily } from './figure-changes';
export { StatsModule } from './stats.module';
export { dateInYearSql, inYearSql } from './year-range';
