export { TargetsModule } from './targets.module';
export { TargetInput, TargetsService } from './targets.service';
