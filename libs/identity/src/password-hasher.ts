import * as argon2 from 'argon2';

// OWASP's argon2id baseline (19 MiB, 2 passes): about 20 ms here, cheap enough for imports.
const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

// Verified against when the username is unknown, so both failures cost the same time.
let dummyHash: Promise<string> | undefined;

/** argon2id hashing and verification. */
export const passwordHasher = {
  hash: (password: string): Promise<string> => argon2.hash(password, OPTIONS),

  async verify(hash: string | null, password: string): Promise<boolean> {
    if (hash === null) {
      dummyHash ??= argon2.hash('lan-toa-timing-equaliser', OPTIONS);
      await argon2.verify(await dummyHash, password);
      return false;
    }
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  },
};
