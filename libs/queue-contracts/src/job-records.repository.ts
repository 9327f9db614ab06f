import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { changeRows, Queryable, selectRows } from '@app/persistence';
import { DEFAULT_JOB_OPTIONS, JOB_QUEUE, JobName, JobPayloads } from './job-contracts';

/** A job as the sweeper re-adds it. */
export interface JobRefRow {
  id: string;
  name: JobName;
}

/** A job row as a run claims it. */
export interface ClaimedJobRow<N extends JobName> {
  id: string;
  name: N;
  payload: JobPayloads[N];
  created_by: string | null;
}

/** How a job ended. */
export interface JobOutcomeRow {
  status: string;
  result: string | null;
  error: string | null;
  /** Empties the payload, for jobs whose payload holds a secret. */
  dropsPayload: boolean;
}

/** How many job rows of one name are in each unfinished or failed state. */
export interface JobNameCountsRow {
  queue: string;
  name: string;
  queued: number;
  running: number;
  failed: number;
}

/** The jobs table: the durable side of every queued job. */
@Injectable()
export class JobRecordsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Records a job; answers its id. */
  async insert<N extends JobName>(m: Queryable, name: N, payload: JobPayloads[N], createdBy: string | null): Promise<string> {
    const [row] = await selectRows<{ id: string }>(
      m,
      `INSERT INTO jobs (queue, name, payload, created_by) VALUES ($1, $2, $3, $4) RETURNING id`,
      [JOB_QUEUE[name], name, JSON.stringify(payload), createdBy],
    );
    return row.id;
  }

  /** Unfinished jobs older than the grace period whose pause after failed retries is over, oldest first. */
  listStale(graceMs: number, db: Queryable = this.dataSource.manager): Promise<JobRefRow[]> {
    return selectRows<JobRefRow>(
      db,
      `SELECT id, name FROM jobs
        WHERE status IN ('queued', 'running') AND created_at < now() - make_interval(secs => $1::double precision / 1000)
          AND (retry_after IS NULL OR retry_after <= now())
        ORDER BY created_at LIMIT 1000`,
      [graceMs],
    );
  }

  /** Marks an unfinished job running; null when it is already finished. */
  async claim<N extends JobName>(m: Queryable, id: string): Promise<ClaimedJobRow<N> | null> {
    const { rows } = await changeRows<ClaimedJobRow<N>>(
      m,
      `UPDATE jobs SET status = 'running', attempts = attempts + 1, started_at = coalesce(started_at, now()), retry_after = NULL
        WHERE id = $1 AND status IN ('queued', 'running')
        RETURNING id, name, payload, created_by`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** Puts an unfinished job back to queued, to be retried after a pause that grows with its attempts. */
  async postpone(m: Queryable, id: string, error: string): Promise<void> {
    await changeRows(
      m,
      `UPDATE jobs SET status = 'queued', error = $2,
              retry_after = now() + least(interval '1 hour', interval '1 minute' * power(2, greatest(attempts, 1) / $3::int))
        WHERE id = $1 AND status IN ('queued', 'running')`,
      [id, error, DEFAULT_JOB_OPTIONS.attempts],
    );
  }

  async end(m: Queryable, id: string, outcome: JobOutcomeRow): Promise<void> {
    await changeRows(
      m,
      `UPDATE jobs SET status = $2, result = $3::jsonb, error = $4, finished_at = now(),
              payload = CASE WHEN $5 THEN '{}'::jsonb ELSE payload END
        WHERE id = $1`,
      [id, outcome.status, outcome.result, outcome.error, outcome.dropsPayload],
    );
  }

  /** Per queue and job name: rows waiting (queued), running, and failed for good. */
  countByName(db: Queryable = this.dataSource.manager): Promise<JobNameCountsRow[]> {
    return selectRows<JobNameCountsRow>(
      db,
      `SELECT queue, name,
              count(*) FILTER (WHERE status = 'queued')::int AS queued,
              count(*) FILTER (WHERE status = 'running')::int AS running,
              count(*) FILTER (WHERE status = 'failed')::int AS failed
         FROM jobs WHERE status IN ('queued', 'running', 'failed')
        GROUP BY queue, name ORDER BY queue, name`,
    );
  }
}
