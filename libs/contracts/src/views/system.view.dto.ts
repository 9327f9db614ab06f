import { ApiSchema } from '@nestjs/swagger';
import { HealthViewSchema } from './figures.view.dto';
import { CountProperty, InstantProperty, NullableTextProperty, TextProperty, ViewProperty } from './view-properties';

@ApiSchema({ name: 'SystemVersion', description: 'Which build is running' })
export class SystemVersionSchema {
  @TextProperty({ example: '0.12.0', description: 'package.json version' }) version: string;
  @NullableTextProperty({ description: 'the git commit, when the build names one (GIT_COMMIT)' }) commit: string | null;
}

@ApiSchema({ name: 'QueueCounts', description: 'One BullMQ queue’s jobs, as Redis holds them now' })
export class QueueCountsSchema {
  @TextProperty({ example: 'tasks' }) queue: string;
  @CountProperty() waiting: number;
  @CountProperty() active: number;
  @CountProperty() delayed: number;
  @CountProperty({ description: 'failed jobs BullMQ still keeps' }) failed: number;
}

@ApiSchema({ name: 'JobNameCounts', description: 'Job rows of one name (PostgreSQL, the source of truth)' })
export class JobNameCountsSchema {
  @TextProperty({ example: 'tasks' }) queue: string;
  @TextProperty({ example: 'tasks.fan-out' }) name: string;
  @CountProperty({ description: 'recorded, not yet started' }) queued: number;
  @CountProperty() running: number;
  @CountProperty({ description: 'failed for good' }) failed: number;
}

@ApiSchema({ name: 'SystemJobs', description: 'Background work per queue and per job name' })
export class SystemJobsSchema {
  @ViewProperty(() => QueueCountsSchema, { isArray: true }) queues: QueueCountsSchema[];
  @ViewProperty(() => JobNameCountsSchema, { isArray: true }) byName: JobNameCountsSchema[];
}

@ApiSchema({ name: 'FiguresLag', description: 'How fresh the figures are' })
export class FiguresLagSchema {
  @InstantProperty({ description: 'every write before this instant is counted in the figures' }) asOf: string;
  @CountProperty({ description: 'seconds between asOf and now' }) lagSeconds: number;
}

@ApiSchema({ name: 'SystemStatus', description: 'What an admin checks first: health, queues, figures, version' })
export class SystemStatusSchema {
  @ViewProperty(() => SystemVersionSchema) version: SystemVersionSchema;
  @ViewProperty(() => HealthViewSchema, { description: 'what GET /health answers' }) health: HealthViewSchema;
  @ViewProperty(() => SystemJobsSchema) jobs: SystemJobsSchema;
  @ViewProperty(() => FiguresLagSchema) figures: FiguresLagSchema;
}
