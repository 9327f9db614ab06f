import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalEvidenceStorage, newStorageKey } from './evidence-storage';

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe('LocalEvidenceStorage', () => {
  let parent: string;
  let root: string;
  let storage: LocalEvidenceStorage;

  beforeEach(async () => {
    parent = await mkdtemp(join(tmpdir(), 'lantoa-storage-'));
    root = join(parent, 'evidence');
    storage = new LocalEvidenceStorage(root);
  });
  afterEach(() => rm(parent, { recursive: true, force: true }));

  it('stores and reads back a file under its generated key, creating the directory on first use', async () => {
    const key = newStorageKey();
    const content = Buffer.from([1, 2, 3, 250]);
    await storage.put(key, content);
    expect(await storage.get(key)).toEqual(content);
    expect(await filesUnder(root)).toEqual([join(root, key.slice(0, 2), key)]);
  });

  it('answers null for a key with nothing stored', async () => {
    expect(await storage.get(newStorageKey())).toBeNull();
  });

  it('generates a different uuid every time', () => {
    const keys = new Set(Array.from({ length: 100 }, newStorageKey));
    expect(keys.size).toBe(100);
    for (const key of keys) expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it.each([
    '../../etc/passwd',
    '../outside',
    '/etc/passwd',
    'proof.png',
    '..',
    '',
    'ABCDEF01-2345-4678-9abc-def012345678/../../x',
    'abcdef01-2345-4678-9abc-def012345678\0',
  ])('refuses the key %j and writes nothing anywhere', async (key) => {
    await expect(storage.put(key, Buffer.from('pwned'))).rejects.toThrow(/generated uuids/);
    await expect(storage.get(key)).rejects.toThrow(/generated uuids/);
    expect(await filesUnder(parent)).toEqual([]);
  });

  it('leaves no partial file behind', async () => {
    const key = newStorageKey();
    await storage.put(key, Buffer.alloc(1024, 7));
    const files = await filesUnder(root);
    expect(files).toHaveLength(1);
    expect(files[0].endsWith('.partial')).toBe(false);
    expect((await stat(files[0])).size).toBe(1024);
  });
});
