import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

/** A job requested by a write: recorded in the write's transaction, then handed to BullMQ. */
@Entity('jobs')
export class JobEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('varchar')
  queue: string;

  @Column('varchar')
  name: string;

  @Column('jsonb')
  payload: unknown;

  @Column('varchar')
  status: JobStatus;

  @Column('jsonb')
  progress: { done?: number; total?: number };

  @Column('jsonb', { nullable: true })
  result: unknown;

  @Column('text', { nullable: true })
  error: string | null;

  @Column('integer')
  attempts: number;

  @Column('bigint', { nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { nullable: true })
  startedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  finishedAt: Date | null;

  /** Set when the quick retries ran out on a passing failure: the sweeper tries again from then. */
  @Column('timestamptz', { nullable: true })
  retryAfter: Date | null;
}
