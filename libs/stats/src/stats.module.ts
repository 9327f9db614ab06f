import { Module } from '@nestjs/common';
import { AccessModule } from '@app/access';
import { FigureFoldsRepository } from './figure-folds.repository';
import { FiguresRefresher } from './figures-refresher';
import { FiguresRepository } from './figures.repository';
import { StatsService } from './stats.service';

/** Reading the figures (API) and keeping them up to date (worker). */
@Module({
  imports: [AccessModule],
  providers: [FiguresRefresher, StatsService, FigureFoldsRepository, FiguresRepository],
  exports: [FiguresRefresher, StatsService],
})
export class StatsModule {}
