export { FIGURE_FAMILIES, FigureChange, FigureChangeRecorder, FigureFamily } from './figure-changes';
export { StatsModule } from './stats.module';
export { dateInYearSql, inYearSql } from './year-range';
export { FAMILY_DEFINITIONS, METRIC_FIGURES } from './figure-families';
export { FiguresModule } from './figures.module';
export { FiguresRefresher } from './figures-refresher';
export { StatsService } from './stats.service';
export { FiguresRepository } from './figures.repository';
export { dayInZoneSql, insertFigureChangesOfSql } from './figure-changes.repository';
