export { FIGURE_FAMILIES, FigureChange, FigureChangeRecorder, FigureFamily } from './figure-changes';
export { FigureChangesModule } from './figure-changes.module';
export { dateInYearSql, inYearSql } from './year-range';
export { FAMILY_DEFINITIONS, METRIC_FIGURES } from './figure-families';
export { StatsModule } from './stats.module';
export { FiguresRefresher } from './figures-refresher';
export { StatsService } from './stats.service';
export { FiguresRepository } from './figures.repository';
export { dayInZoneSql, insertFigureChangesOfSql } from './figure-changes.repository';
