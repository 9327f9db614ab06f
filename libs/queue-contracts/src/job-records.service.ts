import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { UUID_PATTERN } from '@app/contracts';
import { JobName, JobPayloads, JobResults, JOBS_WITH_SECRET_PAYLOAD } from './job-contracts';
import { JobNameCountsRow, JobRecordsRepository } from './job-records.repository';
import { JobEntity } from './job.entity';

/** Lets a handler tell how far it got; stored on the job row for GET /jobs/:id. */
export type ProgressReporter = (done: number, total: number) => Promise<void>;

/** What the worker needs to run one job by its row. */
export interface JobExecution<N extends JobName> {
  id: string;
  name: N;
  payload: JobPayloads[N];
  createdBy: string | null;
  reportProgress: ProgressReporter;
}

/** Reads and updates job rows: the durable side of every queued job. */
@Injectable()
export class JobRecordsService {
  constructor(
    @InjectRepository(JobEntity) private readonly jobs: Repository<JobEntity>,
    private readonly records: JobRecordsRepository,
  ) {}

  /** Per queue and job name, the rows queued, running and failed (the admin's system status). */
  countByName(): Promise<JobNameCountsRow[]> {
    return this.records.countByName();
  }

  /** The job row, or null when the id is unknown or malformed. */
  async find(id: string): Promise<JobEntity | null> {
    if (!UUID_PATTERN.test(id)) return null;
    return this.jobs.findOneBy({ id });
  }

  /**
   * Claims a job for a run. Answers null when it is already finished, so a duplicate
   * delivery does nothing.
   */
  async start<N extends JobName>(id: string): Promise<Omit<JobExecution<N>, 'reportProgress'> | null> {
    const row = await this.records.claim<N>(this.jobs.manager, id);
    return row ? { id: row.id, name: row.name, payload: row.payload, createdBy: row.created_by } : null;
  }

  async reportProgress(id: string, done: number, total: number): Promise<void> {
    await this.jobs.update({ id }, { progress: { done, total } });
  }

  async finish<N extends JobName>(id: string, name: N, result: JobResults[N]): Promise<void> {
    await this.end(id, name, { status: 'done', result: JSON.stringify(result), error: null });
  }

  /**
   * The quick retries ran out on an error that may pass (the database or a disk away for a
   * while): the job waits, queued, for the sweeper to try again after a pause that doubles
   * with each round of quick retries (2 minutes after the first, 4 after the second…, an
   * hour at most). Only a PermanentJobError ends a job as failed, so nothing accepted is
   * given up on because of an outage.
   */
  async postpone(id: string, error: string): Promise<void> {
    await this.records.postpone(this.jobs.manager, id, error.slice(0, 2000));
  }

  async fail(id: string, name: JobName, error: string): Promise<void> {
    await this.end(id, name, { status: 'failed', result: null, error: error.slice(0, 2000) });
  }

  private async end(id: string, name: JobName, outcome: { status: string; result: string | null; error: string | null }) {
    await this.records.end(this.jobs.manager, id, { ...outcome, dropsPayload: JOBS_WITH_SECRET_PAYLOAD.includes(name) });
  }
}
