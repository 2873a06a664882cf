/**
 * `bittensor.core.synapse.TerminalInfo`: what each side says about itself.
 * Field order is the pydantic declaration order, which is the header order.
 */
export interface TerminalInfo {
  status_code?: number | null;
  status_message?: string | null;
  process_time?: number | null;
  ip?: string | null;
  port?: number | null;
  version?: number | null;
  /** nanoseconds since the epoch: past 2^53, so a bigint */
  nonce?: bigint | null;
  uuid?: string | null;
  hotkey?: string | null;
  signature?: string | null;
}

export const TERMINAL_INFO_FIELDS = [
  'status_code',
  'status_message',
  'process_time',
  'ip',
  'port',
  'version',
  'nonce',
  'uuid',
  'hotkey',
  'signature',
] as const satisfies readonly (keyof TerminalInfo)[];

export type TerminalInfoField = (typeof TERMINAL_INFO_FIELDS)[number];

const INT_FIELDS = new Set<string>(['status_code', 'port', 'version', 'nonce']);

export class TerminalInfoCastError extends Error {
  constructor(
    readonly field: string,
    readonly raw: string,
    expected: string,
  ) {
    super(`${field} = ${JSON.stringify(raw.slice(0, 80))} is not ${expected}`);
    this.name = 'TerminalInfoCastError';
  }
}

/** Python `int(raw)`: surrounding whitespace, a sign, and `_` between digits are allowed. */
export function castPyInt(field: string, raw: string): bigint {
  const t = raw.trim();
  if (!/^[+-]?\d+(?:_\d+)*$/.test(t)) throw new TerminalInfoCastError(field, raw, 'an integer');
  return BigInt(t.replace(/_/g, ''));
}

/** Python `float(raw)`. */
export function castPyFloat(field: string, raw: string): number {
  const t = raw.trim().replace(/(?<=\d)_(?=\d)/g, '');
  if (/^[+-]?(inf|infinity)$/i.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  if (/^[+-]?nan$/i.test(t)) return NaN;
  if (!/^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(t)) throw new TerminalInfoCastError(field, raw, 'a number');
  return Number(t);
}

/** One header value cast as TerminalInfo's validators do (cast_int / cast_float); other fields stay strings. */
export function castTerminalField(field: TerminalInfoField, raw: string): TerminalInfo[TerminalInfoField] {
  if (field === 'process_time') return castPyFloat(field, raw);
  if (INT_FIELDS.has(field)) {
    const n = castPyInt(field, raw);
    if (field === 'nonce') return n;
    if (n > BigInt(Number.MAX_SAFE_INTEGER) || n < BigInt(Number.MIN_SAFE_INTEGER)) throw new TerminalInfoCastError(field, raw, 'a safe integer');
    return Number(n);
  }
  return raw;
}
