import type { Schemas } from '../../api-client/client';
import type { ActionBody, EntryProblem, EvidenceFile, QueuedAction, QueuedReport, QueueStore, ReportBody } from './queue-store';

export type BatchResult = Schemas['ActionBatchItemResult'];

/** The API calls the queue makes; each answers the HTTP status (0: the network failed). */
export interface QueueApi {
  sendBatch(items: Array<ActionBody & { clientId: string }>): Promise<{ status: number; results?: BatchResult[] }>;
  fileReport(body: ReportBody, idempotencyKey: string): Promise<{ status: number; id?: string; problem?: EntryProblem }>;
  attachEvidence(reportId: string, file: EvidenceFile): Promise<{ status: number; problem?: EntryProblem }>;
  /** For each file, whether the report already holds the same bytes. */
  evidenceHeld(reportId: string, files: EvidenceFile[]): Promise<{ status: number; held?: boolean[] }>;
}

export interface SyncOutcome {
  sent: number;
  waiting: number;
  failed: number;
}

const BATCH_SIZE = 500;

/** Whether an answer means "not written now, send it again later" (network, 429, 5xx). */
function isTransient(status: number): boolean {
  return status === 0 || status === 429 || status >= 500;
}

/** Sends one person's waiting entries: actions through /actions/batch, reports one by one. */
export async function syncQueue(store: QueueStore, api: QueueApi, userId: string): Promise<SyncOutcome> {
  const entries = (await store.list(userId)).filter((entry) => entry.state === 'waiting');
  const actions = entries.filter((entry): entry is QueuedAction => entry.kind === 'action');
  const reports = entries.filter((entry): entry is QueuedReport => entry.kind === 'report');
  let sent = 0;
  for (let i = 0; i < actions.length; i += BATCH_SIZE) sent += await sendActions(store, api, actions.slice(i, i + BATCH_SIZE));
  for (const report of reports) if (await sendReport(store, api, report)) sent += 1;
  const left = await store.list(userId);
  return { sent, waiting: left.filter((e) => e.state === 'waiting').length, failed: left.filter((e) => e.state === 'failed').length };
}

async function sendActions(store: QueueStore, api: QueueApi, actions: QueuedAction[]): Promise<number> {
  const answer = await api.sendBatch(actions.map((entry) => ({ ...entry.body, clientId: entry.clientId })));
  if (!answer.results) return 0; // the whole call failed: everything stays waiting
  const byClientId = new Map(answer.results.map((result) => [result.clientId, result]));
  let sent = 0;
  for (const entry of actions) {
    const result = byClientId.get(entry.clientId);
    if (!result || isTransient(result.status)) continue;
    if (result.status === 200 || result.status === 201) {
      await store.remove(entry.clientId);
      sent += 1;
    } else {
      await store.put({ ...entry, state: 'failed', problem: problemOf(result.status, result.error) });
    }
  }
  return sent;
}

async function sendReport(store: QueueStore, api: QueueApi, entry: QueuedReport): Promise<boolean> {
  let current = entry;
  if (current.reportId && current.evidence.length > 0) {
    // An earlier sync may have sent a file whose answer was lost; an upload has no idempotency
    // key, so the report itself says which files it already holds, and those are not sent again.
    const answer = await api.evidenceHeld(current.reportId, current.evidence);
    if (isTransient(answer.status)) return false;
    if (answer.held?.some(Boolean)) {
      current = { ...current, evidence: current.evidence.filter((_, i) => !answer.held![i]) };
      await store.put(current);
    }
  }
  if (!current.reportId) {
    const filed = await api.fileReport(current.body, current.clientId);
    if (isTransient(filed.status)) return false;
    if (!filed.id) return fail(store, current, filed.problem ?? { status: filed.status, message: `HTTP ${filed.status}` });
    current = { ...current, reportId: filed.id };
    await store.put(current);
  }
  while (current.evidence.length > 0) {
    const attached = await api.attachEvidence(current.reportId!, current.evidence[0]);
    if (isTransient(attached.status)) return false;
    if (attached.status >= 400) return fail(store, current, attached.problem ?? { status: attached.status, message: `HTTP ${attached.status}` });
    current = { ...current, evidence: current.evidence.slice(1) };
    await store.put(current);
  }
  await store.remove(current.clientId);
  return true;
}

async function fail(store: QueueStore, entry: QueuedReport, problem: EntryProblem): Promise<false> {
  await store.put({ ...entry, state: 'failed', problem });
  return false;
}

function problemOf(status: number, error: Schemas['ApiError'] | undefined): EntryProblem {
  return { status, message: error?.message ?? `HTTP ${status}`, ...(error?.field ? { field: error.field } : {}) };
}
