import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';

/** A storage key: always a uuid Lan Tỏa generated, never anything a client sent. */
const STORAGE_KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A fresh key under which to store a file. */
export function newStorageKey(): string {
  return randomUUID();
}

/**
 * Where evidence files live. The issue asks for this seam so that an object store can
 * replace the local directory; keys are uuids from {@link newStorageKey}.
 */
export abstract class EvidenceStorage {
  /** Stores the content under the key; a file is either wholly there afterwards or not at all. */
  abstract put(key: string, content: Buffer): Promise<void>;
  /** The stored content, or null when nothing is stored under the key. */
  abstract get(key: string): Promise<Buffer | null>;
}

/**
 * Evidence in a local directory (STORAGE_DIR), two levels deep by the key's first two
 * characters. The directory is created on first upload, not at boot.
 */
export class LocalEvidenceStorage extends EvidenceStorage {
  private readonly root: string;

  constructor(directory: string) {
    super();
    this.root = resolve(directory);
  }

  async put(key: string, content: Buffer): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    // Written beside its final name and renamed, so a crash never leaves half a file under the key.
    const partial = `${path}.${randomBytes(6).toString('hex')}.partial`;
    try {
      await writeFile(partial, content, { flag: 'wx', mode: 0o640 });
      await rename(partial, path);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      return await readFile(this.pathOf(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  private pathOf(key: string): string {
    if (!STORAGE_KEY.test(key)) throw new Error('evidence storage keys are generated uuids');
    const path = join(this.root, key.slice(0, 2), key);
    // Belt and braces: a key of the pattern above cannot leave the root.
    if (!path.startsWith(this.root + sep)) throw new Error('evidence storage key escapes the storage directory');
    return path;
  }
}
