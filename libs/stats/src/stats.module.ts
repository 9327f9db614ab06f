import { Module } from '@nestjs/common';
import { FigureChangeRecorder } from './figure-changes';
import { FigureChangesRepository } from './figure-changes.repository';

@Module({
  providers: [FigureChangeRecorder, FigureChangesRepository],
  exports: [FigureChangeRecorder],
})
export class StatsModule {}
