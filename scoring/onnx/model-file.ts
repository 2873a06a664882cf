import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { SubnetError } from '../../core/errors.ts';

/**
 * Reads a model (or tokenizer) file and checks its sha256 against the pinned
 * value. A validator must never score with a model other than the one the
 * subnet definition pins, so both a missing file and a different hash are
 * hard errors with the path and both hashes in the message.
 */
export function readVerifiedFile(path: string, expectedSha256: string | undefined, what = 'model'): Buffer {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new SubnetError(
      'MODEL_MISSING',
      `${what} file ${path} cannot be read (${code ?? 'error'}); run \`npm run models\` for the generated models or fix the path`,
      {
        cause: err,
        details: { path },
      },
    );
  }
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (expectedSha256 !== undefined && actual !== expectedSha256.toLowerCase()) {
    throw new SubnetError(
      'MODEL_HASH_MISMATCH',
      `${what} file ${path} has sha256 ${actual}, expected ${expectedSha256.toLowerCase()}; refusing to use a model other than the pinned one`,
      {
        details: { path, expected: expectedSha256, actual },
      },
    );
  }
  return bytes;
}
