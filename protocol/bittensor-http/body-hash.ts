import { createHash } from 'node:crypto';
import { pyStr } from './python-repr.ts';
import type { PyDict } from './python-value.ts';

/** bittensor.utils.get_hash: sha3-256 of the UTF-8 text, lowercase hex. */
export function sha3Hex(text: string): string {
  return createHash('sha3-256').update(text, 'utf8').digest('hex');
}

/** The hash of a synapse with no `required_hash_fields`: sha3_256(""). */
export const EMPTY_BODY_HASH = 'a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a';

/**
 * `Synapse.body_hash`: sha3 over the concatenated sha3 hex digests of
 * `str(model_dump()[field])`, one per required hash field, in the class's
 * order. A field missing from the body hashes as `None` (the pydantic default
 * we cannot know here; declare the field in the body to be exact).
 */
export function bodyHash(synapse: PyDict, requiredHashFields: readonly string[]): string {
  let joined = '';
  for (const field of requiredHashFields) joined += sha3Hex(pyStr(synapse.get(field) ?? null));
  return sha3Hex(joined);
}
