import { hash, verify } from '@node-rs/argon2';

/**
 * Passwords are hashed with argon2id at OWASP's minimum parameters (19 MiB, 2 passes, 1 lane).
 * See docs/decisions/0003-password-hashing.md.
 */
// algorithm 2 = Argon2id (the package's const enum cannot be imported under verbatimModuleSyntax)
const ARGON2_OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

// The rule itself is part of the API contract (users.schemas.ts, which the client type-checks against).
export { passwordSchema } from '../admin/users.schemas.js';

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A hash of a random password: compared against when a username does not exist, so timing does not tell. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword('not-a-real-password-' + Math.random());
  return dummyHash;
}
