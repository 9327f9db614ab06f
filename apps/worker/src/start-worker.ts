import { Logger } from '@nestjs/common';
import { Job, Worker } from 'bullmq';
import { AppConfig } from '@app/config';
import { createWorkerRedis } from '@app/queue-contracts';

/** The handler of each job name a queue carries. A Record over the names makes a missing one a compile error. */
export type QueueHandlers<Name extends string, Data> = { readonly [N in Name]: (job: Job<Data>) => Promise<void> };

export interface WorkerLoopOptions<Data> {
  config: AppConfig;
  concurrency: number;
  logger: Logger;
  /** Names this loop in its connection warnings ("schedule worker", say). */
  label: string;
  /** A job of a name with no handler: an old producer's, or a schedule no longer in the contract. */
  onUnknown: (job: Job<Data>) => Promise<void>;
}

export interface RunningWorker<Data> {
  readonly worker: Worker<Data>;
  /** Lets in-flight jobs finish, then drops the loop's own Redis connection. */
  close(): Promise<void>;
}

/**
 * The one BullMQ worker loop of the worker app. Each loop has its own blocking Redis
 * connection, because BullMQ's blocking reads would stall every other command on a shared one.
 */
export function startWorker<Name extends string, Data>(
  queue: string,
  handlers: QueueHandlers<Name, Data>,
  options: WorkerLoopOptions<Data>,
): RunningWorker<Data> {
  const connection = createWorkerRedis(options.config.redisUrl);
  const dispatch = (job: Job<Data>) =>
    Object.hasOwn(handlers, job.name) ? handlers[job.name as Name](job) : options.onUnknown(job);
  const worker = new Worker<Data>(queue, dispatch, {
    connection,
    prefix: options.config.redisPrefix,
    concurrency: options.concurrency,
  });
  worker.on('error', (error) => options.logger.warn({ err: error.message }, `${options.label} connection error`));
  return {
    worker,
    close: async () => {
      await worker.close();
      connection.disconnect();
    },
  };
}
