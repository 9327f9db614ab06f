import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { Schemas } from '../../api-client/client';

export type ActionBody = Schemas['LogActionDto'];
export type ReportBody = Schemas['CreateReportDto'];

/** Why the API refused an entry, shown to the person to correct or discard it. */
export interface EntryProblem {
  status: number;
  message: string;
  field?: string;
}

interface EntryBase {
  /** The idempotency key: a batch item's clientId, or a report's Idempotency-Key. */
  clientId: string;
  /** Whose entry it is: sent only while that person is signed in. */
  userId: string;
  /** When the person logged it (occurredAt is this moment too, not the sync's). */
  queuedAt: string;
  state: 'waiting' | 'failed';
  problem?: EntryProblem;
}

export interface QueuedAction extends EntryBase {
  kind: 'action';
  body: ActionBody;
}

export interface EvidenceFile {
  name: string;
  type: string;
  blob: Blob;
}

export interface QueuedReport extends EntryBase {
  kind: 'report';
  body: ReportBody;
  /** Set once the API filed the report; then only its evidence is left to send. */
  reportId?: string;
  evidence: EvidenceFile[];
}

export type QueuedEntry = QueuedAction | QueuedReport;

interface QueueDb extends DBSchema {
  entries: { key: string; value: QueuedEntry; indexes: { byUser: string } };
}

/** The offline queue in IndexedDB: it survives a reload, a killed tab and a phone switched off. */
export class QueueStore {
  private db: Promise<IDBPDatabase<QueueDb>>;
  private listeners = new Set<() => void>();

  constructor(name = 'lantoa-queue') {
    this.db = openDB<QueueDb>(name, 1, {
      upgrade(db) {
        db.createObjectStore('entries', { keyPath: 'clientId' }).createIndex('byUser', 'userId');
      },
    });
  }

  /** Called after every change, so counters stay current. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async put(entry: QueuedEntry): Promise<void> {
    await (await this.db).put('entries', entry);
    this.changed();
  }

  async remove(clientId: string): Promise<void> {
    await (await this.db).delete('entries', clientId);
    this.changed();
  }

  /** One person's entries, oldest first. */
  async list(userId: string): Promise<QueuedEntry[]> {
    const entries = await (await this.db).getAllFromIndex('entries', 'byUser', userId);
    return entries.sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
  }

  /** Every entry on this phone, whoever logged it (the sign-in page says they are kept). */
  async countAll(): Promise<number> {
    return (await this.db).count('entries');
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}

/** A new idempotency key; the API accepts letters, digits, . _ : - (up to 128). */
export function newClientId(): string {
  return `web-${crypto.randomUUID()}`;
}
