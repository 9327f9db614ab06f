/** Queues, each drained by the worker app. */
export const QUEUE_NAMES = ['identity', 'tasks', 'takedown', 'exports', 'notifications'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

/**
 * One refused row of a user import file, as the import job reports it: the row's own cells
 * (cut to a length) so the person can download the refused rows, fix them and import them again.
 * Never the password: the job's result is stored and polled.
 */
export interface UserImportRowError {
  row: number;
  username?: string;
  fullName: string;
  orgUnitCode: string;
  roles: string;
  field: string;
  message: string;
}

/**
 * The typed job contract: job name → the payload stored in the `jobs` table.
 * BullMQ itself only ever carries `{ jobId }`; the row in PostgreSQL is the source of truth.
 */
export interface JobPayloads {
  'users.import': { csv: string; requestId?: string };
  'tasks.fan-out': { taskId: string };
  'reports.link': { reportId: string };
  'pages.package': { pageCaseId: string };
  'pages.recheck': Record<string, never>;
  /** A yearly export of a subtree too large to build during the request (orgUnitId resolved at request time). */
  'stats.export': { year: number; orgUnitId: string; format: 'xlsx' | 'docx' };
  'stats.expire-exports': Record<string, never>;
  /**
   * Web Push to people who just got an assignment of the task (at most NEW_ASSIGNMENT_PUSH_CHUNK
   * user ids). The title travels with the job, so that notifications never read the tasks' tables.
   */
  'notifications.new-assignments': { taskId: string; title: string; userIds: string[] };
}

/** What each job leaves in `jobs.result` when it finishes. */
export interface JobResults {
  'users.import': {
    created: number;
    unchanged: number;
    failed: number;
    errors: UserImportRowError[];
  };
  'tasks.fan-out': { recipients: number; created: number };
  'reports.link': { pageCaseId: string | null; linked: boolean; caseCreated: boolean };
  'pages.package': { pageCaseId: string; built: boolean; size: number };
  'pages.recheck': { marked: number };
  /** The stored file, downloaded at GET /stats/exports/:fileId. */
  'stats.export': { fileId: string; bytes: number };
  'stats.expire-exports': { deleted: number };
  /** People told now, people told by an earlier run, push messages refused by a service, subscriptions it said are gone. */
  'notifications.new-assignments': { notified: number; alreadyNotified: number; failed: number; removed: number };
}

export type JobName = keyof JobPayloads;

/** Which queue carries each job; adding a job name without a queue fails to compile. */
export const JOB_QUEUE: { [N in JobName]: QueueName } = {
  'users.import': 'identity',
  'tasks.fan-out': 'tasks',
  'reports.link': 'takedown',
  'pages.package': 'takedown',
  'pages.recheck': 'takedown',
  // Its own queue: a long export never holds up report linking or user imports.
  'stats.export': 'exports',
  'stats.expire-exports': 'exports',
  // Its own queue: a slow push service never holds up fan-out.
  'notifications.new-assignments': 'notifications',
};

export const JOB_NAMES = Object.keys(JOB_QUEUE) as JobName[];

/** The data BullMQ carries: a pointer to the job row. */
export interface QueuedJobData {
  jobId: string;
}

/** Jobs that take no payload, so that a clock can start them. */
export type ScheduledJobName = { [N in JobName]: JobPayloads[N] extends Record<string, never> ? N : never }[JobName];

/**
 * Jobs the worker starts on a clock rather than because of a write: a cron pattern read in
 * ORG_TIMEZONE. Each tick records a job row like any other, so it is retried and visible.
 */
export const JOB_SCHEDULES: { readonly [N in ScheduledJobName]: { pattern: string } } = {
  // Every morning: mark page cases whose removal request is older than TAKEDOWN_RECHECK_DAYS.
  'pages.recheck': { pattern: '0 6 * * *' },
  // Every night: delete stored export files older than EXPORT_RETENTION_DAYS.
  'stats.expire-exports': { pattern: '15 3 * * *' },
};

/** The BullMQ queue that carries only schedule ticks; it is not one of {@link QUEUE_NAMES}. */
export const SCHEDULE_QUEUE = 'schedules';

/** Jobs whose payload holds secrets (an import's passwords): it is wiped once the job ends. */
export const JOBS_WITH_SECRET_PAYLOAD: readonly JobName[] = ['users.import'];

/** BullMQ options of a job-row job: retried with backoff; the row in PostgreSQL outlives them all. */
export const DEFAULT_JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: true,
  removeOnFail: 1000,
} as const;

/** BullMQ options of a schedule tick: it only records a job row, so a few failures are kept for operators. */
export const SCHEDULE_TICK_OPTIONS = { ...DEFAULT_JOB_OPTIONS, removeOnFail: 100 } as const;

/** BullMQ options of a figures tick: never retried, because the next tick does the same work. */
export const FIGURE_TICK_OPTIONS = { removeOnComplete: true, removeOnFail: 100, attempts: 1 } as const;

/**
 * The figures' own clockwork, on its own queue: these jobs carry nothing, and their
 * durable input is the figure_changes table, so they need no job rows. The refresh runs
 * every FIGURES_REFRESH_MS, which only the config knows; the reconciliation on a cron
 * pattern read in ORG_TIMEZONE.
 */
export const FIGURES_QUEUE = 'figures';
export type FigureClock = { readonly every: 'FIGURES_REFRESH_MS' } | { readonly pattern: string };
export const FIGURE_JOBS = {
  'figures.refresh': { every: 'FIGURES_REFRESH_MS' },
  'figures.reconcile': { pattern: '*/10 * * * *' },
} as const satisfies Record<string, FigureClock>;
export type FigureJobName = keyof typeof FIGURE_JOBS;
