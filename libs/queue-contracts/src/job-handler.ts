import { JOB_NAMES, JobName, JobResults } from './job-contracts';
import { JobExecution } from './job-records.service';

/** A worker-side handler of one job name. It must be safe to run twice for the same job. */
export interface JobHandler<N extends JobName = JobName> {
  readonly jobName: N;
  handle(execution: JobExecution<N>): Promise<JobResults[N]>;
}

/** Multi-provider token under which the worker collects its handlers. */
export const JOB_HANDLERS = Symbol('JOB_HANDLERS');

/** Thrown by a handler when retrying cannot help (bad input recorded with the job, say). */
export class PermanentJobError extends Error {}

/** Every job name has exactly one handler, or the worker refuses to start (and says which). */
export function assertHandlersComplete(handlers: readonly JobHandler[]): Map<JobName, JobHandler> {
  const byName = new Map<JobName, JobHandler>();
  const duplicates: string[] = [];
  for (const handler of handlers) {
    if (byName.has(handler.jobName)) duplicates.push(handler.jobName);
    byName.set(handler.jobName, handler);
  }
  const missing = JOB_NAMES.filter((name) => !byName.has(name));
  const unknown = [...byName.keys()].filter((name) => !JOB_NAMES.includes(name));
  if (missing.length || duplicates.length || unknown.length) {
    const parts = [
      missing.length ? `no handler for ${missing.join(', ')}` : '',
      duplicates.length ? `several handlers for ${duplicates.join(', ')}` : '',
      unknown.length ? `handlers for unknown jobs ${unknown.join(', ')}` : '',
    ].filter(Boolean);
    throw new Error(`Job handlers are incomplete: ${parts.join('; ')}.`);
  }
  return byName;
}
