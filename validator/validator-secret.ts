import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SubnetError } from '../core/errors.ts';
import { writeFileAtomic } from '../core/state-file.ts';

/**
 * The validator's challenge secret: 32 random bytes, hex, in `<data-dir>/secret`
 * with mode 0600. Created on first start, kept across restarts (so audit seeds
 * stay reproducible), and never logged: callers pass it only to the seed
 * derivation (scoring/challenge.ts `challengeSeed`), and only the derived
 * per-round seeds leave the process.
 */
export const VALIDATOR_SECRET_FILE = 'secret';

export function loadOrCreateValidatorSecret(dataDir: string): string {
  const path = join(dataDir, VALIDATOR_SECRET_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8').trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    const secret = randomBytes(32).toString('hex');
    writeFileAtomic(path, `${secret}\n`, 0o600);
    return secret;
  }
  if (!/^[0-9a-f]{64}$/.test(text)) {
    throw new SubnetError('VALIDATOR_SECRET_INVALID', `validator secret ${path} must hold 64 hex characters (32 bytes)`);
  }
  // A secret readable by others lets them predict challenges: tighten it.
  if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
  return text;
}
