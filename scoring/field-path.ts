import { z } from 'zod';

/**
 * Reads a dotted path (`request.texts`, `choices.0.text`) from a value;
 * undefined when any step is missing. Rules name fields this way so a subnet
 * definition can point them at its own payload shapes.
 */
export function readPath(value: unknown, path: string): unknown {
  if (path === '' || path === '.') return value;
  let cur: unknown = value;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** A challenge path: `request.*` or `private.*`. */
export function readChallengePath(challenge: { request: unknown; private: unknown }, path: string): unknown {
  return readPath({ request: challenge.request, private: challenge.private }, path);
}

/** A rule or reward option naming a field by its dotted path, with the path it reads when omitted. */
export function fieldPathOption(what: string, dflt: string) {
  return z.string().default(dflt).describe(`dotted path to ${what}`);
}
