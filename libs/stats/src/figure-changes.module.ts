import { Module } from '@nestjs/common';
import { FigureChangeRecorder } from './figure-changes';
import { FigureChangesRepository } from './figure-changes.repository';

/** The figure-change recorder, which every writing context uses inside its own transactions. */
@Module({
  providers: [FigureChangeRecorder, FigureChangesRepository],
  exports: [FigureChangeRecorder],
})
export class FigureChangesModule {}
