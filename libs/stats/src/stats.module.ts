import { Module } from '@nestjs/common';
import { FigureChangeRecorder } from './figure-changes';

@Module({
  providers: [FigureChangeRecorder],
  exports: [FigureChangeRecorder],
})
export class StatsModule {}
