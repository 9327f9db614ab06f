import { api, queueStore, session } from '../../app/services';
import type { ActionBody, EntryProblem, EvidenceFile, QueuedAction, QueuedReport, ReportBody } from '../offline-queue/queue-store';
import { newClientId } from '../offline-queue/queue-store';
import type { Progress } from '../offline-queue/queue-api';
import { myRecordsChanged, syncNow } from '../offline-queue/useQueue';

export type LogOutcome = { outcome: 'sent' } | { outcome: 'queued' } | { outcome: 'refused'; problem: EntryProblem };

function signedInUserId(): string {
  if (session.state.status === 'signed-out') throw new Error('not signed in');
  return session.state.user.id;
}

/**
 * Records an action: first in IndexedDB (so a killed tab loses nothing), then straight to
 * POST /actions with its clientId as Idempotency-Key when online. What cannot go now waits
 * in the queue and goes through /actions/batch under the same key, so it is never counted twice.
 */
export async function logAction(body: Omit<ActionBody, 'occurredAt'>): Promise<LogOutcome> {
  const queuedAt = new Date().toISOString();
  const entry: QueuedAction = { kind: 'action', clientId: newClientId(), userId: signedInUserId(), queuedAt, state: 'waiting', body: { ...body, occurredAt: queuedAt } };
  await queueStore.put(entry);
  if (!navigator.onLine) return { outcome: 'queued' };
  try {
    const answer = await api.POST('/api/v1/actions', { body: entry.body, headers: { 'Idempotency-Key': entry.clientId } });
    const status = answer.response.status;
    if (answer.data) {
      await queueStore.remove(entry.clientId);
      myRecordsChanged();
      return { outcome: 'sent' };
    }
    if (status === 0 || status === 401 || status === 429 || status >= 500) return { outcome: 'queued' };
    // Refused: the person is still on the form and corrects it there; nothing stays queued.
    await queueStore.remove(entry.clientId);
    const error = answer.error as { message?: string; field?: string } | undefined;
    return { outcome: 'refused', problem: { status, message: error?.message ?? `HTTP ${status}`, field: error?.field } };
  } catch {
    return { outcome: 'queued' };
  }
}

/** Files a report with its evidence through the queue (one by one, with its Idempotency-Key). */
export async function logReport(body: ReportBody, evidence: EvidenceFile[], onProgress?: Progress): Promise<LogOutcome> {
  const entry: QueuedReport = { kind: 'report', clientId: newClientId(), userId: signedInUserId(), queuedAt: new Date().toISOString(), state: 'waiting', body, evidence };
  await queueStore.put(entry);
  if (!navigator.onLine) return { outcome: 'queued' };
  await syncNow(onProgress);
  const left = (await queueStore.list(entry.userId)).find((e) => e.clientId === entry.clientId);
  if (!left) {
    myRecordsChanged();
    return { outcome: 'sent' };
  }
  if (left.state === 'failed' && left.problem) return { outcome: 'refused', problem: left.problem };
  return { outcome: 'queued' };
}
