export * from './job-contracts';
export { JobEntity, JobStatus } from './job.entity';
export { JobProducer, RecordedJob } from './job-producer';
export { JobExecution, JobRecordsService, ProgressReporter } from './job-records.service';
export { QueueModule } from './queue.module';
export { assertNoEviction, createRedis, createWorkerRedis, REDIS, waitForRedis } from './redis';
export { HEARTBEAT_INTERVAL_MS, WorkerHeartbeat } from './worker-heartbeat';
export { assertHandlersComplete, JOB_HANDLERS, JobHandler, PermanentJobError } from './job-handler';
