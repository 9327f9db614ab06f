import { useCallback, useEffect, useState } from 'react';
import { api, queueStore, session } from '../../app/services';
import type { QueuedEntry } from './queue-store';
import { queueApi } from './queue-api';
import { syncQueue } from './sync';

let lock: Promise<unknown> = Promise.resolve();

/** Runs syncs one after another, so no two of them send the same entry at once. */
export function exclusive<T>(work: () => Promise<T>): Promise<T> {
  const run = lock.then(work, work);
  lock = run.catch(() => undefined);
  return run;
}

/** Sends the signed-in person's waiting entries, one sync at a time. */
export function syncNow(): Promise<unknown> {
  const state = session.state;
  if (state.status === 'signed-out' || !navigator.onLine) return Promise.resolve();
  return exclusive(async () => {
    const token = await session.accessToken();
    if (token) await syncQueue(queueStore, queueApi(api, () => session.accessToken()), state.user.id);
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
    const online = () => void syncNow();
    window.addEventListener('online', online);
    void syncNow();
    return () => {
      unsubscribe();
      window.removeEventListener('online', online);
    };
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
