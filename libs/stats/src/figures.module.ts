import { Module } from '@nestjs/common';
import { AccessModule } from '@app/access';
import { FiguresRefresher } from './figures-refresher';
import { StatsService } from './stats.service';

/** Reading the figures (API) and keeping them up to date (worker). */
@Module({
  imports: [AccessModule],
  providers: [FiguresRefresher, StatsService],
  exports: [FiguresRefresher, StatsService],
})
export class FiguresModule {}
