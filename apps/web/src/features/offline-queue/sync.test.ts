import { describe, expect, it } from 'vitest';
import { newClientId, QueueStore, type QueuedAction, type QueuedReport } from './queue-store';
import { syncQueue, type QueueApi } from './sync';

let dbCount = 0;
const freshName = () => `queue-test-${++dbCount}`;

function share(userId: string, url: string, queuedAt = '2023-12-31T16:50:00.000Z'): QueuedAction {
  return { kind: 'action', clientId: newClientId(), userId, queuedAt, state: 'waiting', body: { type: 'share', url, occurredAt: queuedAt } };
}

function report(userId: string, evidence = 0): QueuedReport {
  return {
    kind: 'report',
    clientId: newClientId(),
    userId,
    queuedAt: new Date().toISOString(),
    state: 'waiting',
    body: { url: 'https://facebook.com/fake.page', category: 'scam' },
    evidence: Array.from({ length: evidence }, (_, i) => ({ name: `p${i}.png`, type: 'image/png', blob: new Blob([`png${i}`]) })),
  };
}

/** An API double that answers by URL: what the real /actions/batch and /reports answer per item. */
function recordingApi(statusOf: (url: string) => number) {
  const batches: string[][] = [];
  const reports: string[] = [];
  const uploads: string[] = [];
  let uploadFailures = 0;
  let lostAnswers = 0;
  const held = new Map<string, string[]>();
  const api: QueueApi = {
    async sendBatch(items) {
      batches.push(items.map((i) => i.clientId));
      return {
        status: 200,
        results: items.map((item) => {
          const status = statusOf(item.url ?? '');
          return status < 300 ? { clientId: item.clientId, status, id: 'a1' } : { clientId: item.clientId, status, error: { statusCode: status, error: 'x', message: 'url is not allowed', field: 'url' } };
        }),
      };
    },
    async fileReport(_body, key) {
      reports.push(key);
      return { status: 201, id: `report-for-${key}` };
    },
    async attachEvidence(reportId, file) {
      if (uploadFailures-- > 0) return { status: 0 };
      uploads.push(`${reportId}/${file.name}`);
      held.set(reportId, [...(held.get(reportId) ?? []), file.name]);
      // The file is stored, but the answer never reaches the phone.
      if (lostAnswers-- > 0) return { status: 0 };
      return { status: 201 };
    },
    async evidenceHeld(reportId, files) {
      return { status: 200, held: files.map((file) => (held.get(reportId) ?? []).includes(file.name)) };
    },
  };
  return {
    api,
    batches,
    reports,
    uploads,
    failNextUploads: (n: number) => (uploadFailures = n),
    loseNextUploadAnswers: (n: number) => (lostAnswers = n),
  };
}

describe('offline queue sync', () => {
  it('removes written items, keeps 503 items waiting and marks 4xx items for the person to correct', async () => {
    const store = new QueueStore(freshName());
    const ok = share('u1', 'https://facebook.com/ok');
    const later = share('u1', 'https://facebook.com/busy');
    const bad = share('u1', 'https://facebook.com/bad');
    for (const e of [ok, later, bad]) await store.put(e);
    const { api, batches } = recordingApi((url) => (url.endsWith('busy') ? 503 : url.endsWith('bad') ? 422 : 201));

    expect(await syncQueue(store, api, 'u1')).toEqual({ sent: 1, waiting: 1, failed: 1 });
    const left = await store.list('u1');
    expect(left.find((e) => e.clientId === bad.clientId)).toMatchObject({ state: 'failed', problem: { status: 422, field: 'url' } });
    expect(left.find((e) => e.clientId === later.clientId)?.state).toBe('waiting');

    // The next sync sends only the 503 item again: nothing is sent twice, the failed one waits for the person.
    await syncQueue(store, api, 'u1');
    expect(batches[1]).toEqual([later.clientId]);
  });

  it('keeps occurredAt as the moment logged and each entry’s clientId across the sync', async () => {
    const store = new QueueStore(freshName());
    const lastMinute = share('u1', 'https://zalo.me/p/1', '2023-12-31T16:50:00.000Z');
    await store.put(lastMinute);
    const seen: unknown[] = [];
    const api = recordingApi(() => 201).api;
    await syncQueue(store, { ...api, sendBatch: async (items) => (seen.push(...items), api.sendBatch(items)) }, 'u1');
    expect(seen).toEqual([{ type: 'share', url: 'https://zalo.me/p/1', occurredAt: '2023-12-31T16:50:00.000Z', clientId: lastMinute.clientId }]);
  });

  it('leaves everything waiting when the whole batch call fails', async () => {
    const store = new QueueStore(freshName());
    await store.put(share('u1', 'https://facebook.com/1'));
    const { api } = recordingApi(() => 201);
    expect(await syncQueue(store, { ...api, sendBatch: async () => ({ status: 0 }) }, 'u1')).toEqual({ sent: 0, waiting: 1, failed: 0 });
  });

  it('files reports one by one with their Idempotency-Key and resumes evidence without filing again', async () => {
    const name = freshName();
    const store = new QueueStore(name);
    const withPhotos = report('u1', 2);
    await store.put(withPhotos);
    const { api, reports, uploads, failNextUploads } = recordingApi(() => 201);
    failNextUploads(1); // the connection drops on the first photo

    expect((await syncQueue(store, api, 'u1')).waiting).toBe(1);
    // A reload (the tab was killed): the queue is read back from IndexedDB.
    const reopened = new QueueStore(name);
    expect(await syncQueue(reopened, api, 'u1')).toEqual({ sent: 1, waiting: 0, failed: 0 });
    expect(reports).toEqual([withPhotos.clientId]);
    expect(uploads).toEqual([`report-for-${withPhotos.clientId}/p0.png`, `report-for-${withPhotos.clientId}/p1.png`]);
  });

  it('does not upload a file again when only its answer was lost: the report says it holds it', async () => {
    const store = new QueueStore(freshName());
    const withPhotos = report('u1', 2);
    await store.put(withPhotos);
    const { api, uploads, loseNextUploadAnswers } = recordingApi(() => 201);
    loseNextUploadAnswers(1);

    expect((await syncQueue(store, api, 'u1')).waiting).toBe(1);
    expect(await syncQueue(store, api, 'u1')).toEqual({ sent: 1, waiting: 0, failed: 0 });
    expect(uploads).toEqual([`report-for-${withPhotos.clientId}/p0.png`, `report-for-${withPhotos.clientId}/p1.png`]);
  });

  it('sends only the signed-in person’s entries', async () => {
    const store = new QueueStore(freshName());
    await store.put(share('u1', 'https://facebook.com/mine'));
    await store.put(share('u2', 'https://facebook.com/theirs'));
    const { api, batches } = recordingApi(() => 201);
    await syncQueue(store, api, 'u1');
    expect(batches.flat()).toHaveLength(1);
    expect(await store.list('u2')).toHaveLength(1);
  });
});
