import { useCallback, useEffect, useState } from 'react';
import { api, queryClient, queueStore, session } from '../../app/services';
import type { QueuedEntry } from './queue-store';
import { queueApi, type Progress } from './queue-api';
import { syncQueue } from './sync';

let lock: Promise<unknown> = Promise.resolve();

/** Runs syncs one after another, so no two of them send the same entry at once. */
export function exclusive<T>(work: () => Promise<T>): Promise<T> {
  const run = lock.then(work, work);
  lock = run.catch(() => undefined);
  return run;
}

/**
 * What the person sees of their own records (assignments, progress, history) is out of date once
 * the API wrote one: without this the task list kept offering "Đã chia sẻ" for a task just done.
 */
export function myRecordsChanged(): void {
  void queryClient.invalidateQueries({ queryKey: ['me'] });
}

/** After a sync that left entries waiting (a 503, a lost answer), the next try comes after these waits. */
export const RETRY_DELAYS_MS = [5_000, 15_000, 60_000, 300_000];
let retryTimer: ReturnType<typeof setTimeout> | undefined;
let retries = 0;

/** Sends the signed-in person's waiting entries, one sync at a time; tries again later while some wait. */
export function syncNow(onProgress?: Progress): Promise<unknown> {
  const state = session.state;
  if (state.status === 'signed-out' || !navigator.onLine) return Promise.resolve();
  return exclusive(async () => {
    const token = await session.accessToken();
    if (!token) return retryLater(session.state.status !== 'signed-out');
    const outcome = await syncQueue(queueStore, queueApi(api, () => session.accessToken(), onProgress), state.user.id);
    if (outcome.sent > 0) myRecordsChanged();
    retryLater(outcome.waiting > 0);
  });
}

// Without it, entries whose first sync met a 503 or a dropped answer waited for the next reload.
function retryLater(needed: boolean): void {
  clearTimeout(retryTimer);
  if (!needed) {
    retries = 0;
    return;
  }
  retryTimer = setTimeout(() => void syncNow(), RETRY_DELAYS_MS[Math.min(retries, RETRY_DELAYS_MS.length - 1)]);
  retries += 1;
}

let watching = false;

/** One listener for the page, however many screens show the queue: the network is back, send now. */
function watchConnection(): void {
  if (watching) return;
  watching = true;
  window.addEventListener('online', () => {
    retries = 0;
    void syncNow();
  });
}

/** The person's queued entries, kept current; syncs on reconnect and on sign-in. */
export function useQueue(userId: string | null) {
  const [entries, setEntries] = useState<QueuedEntry[]>([]);
  const reload = useCallback(() => {
    if (userId) void queueStore.list(userId).then(setEntries);
    else setEntries([]);
  }, [userId]);

  useEffect(() => {
    reload();
    const unsubscribe = queueStore.subscribe(reload);
    watchConnection();
    void syncNow();
    return unsubscribe;
  }, [reload]);

  return { entries, waiting: entries.filter((e) => e.state === 'waiting').length, failed: entries.filter((e) => e.state === 'failed').length };
}

/** How many entries wait on this phone, whoever logged them (shown on the sign-in page). */
export function useStoredCount(): number {
  const [count, setCount] = useState(0);
  useEffect(() => {
    const reload = () => void queueStore.countAll().then(setCount);
    reload();
    return queueStore.subscribe(reload);
  }, []);
  return count;
}
