import { appendFileSync, closeSync, fsyncSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Optional audit trail: one JSON line per round with the seed material, the
 * challenge and every signed response whose score went into the EMA. Anyone
 * holding the file can re-run the generator from the seed, re-verify each
 * response signature against the miner's hotkey, and re-score.
 *
 * Binary payloads (typed arrays, byte strings) are written as
 * `{"$type":"Float32Array","base64":"..."}` so they survive JSON exactly.
 */
export interface AuditResponse {
  uid: number;
  hotkey: string;
  status: string;
  latencyMs: number;
  score: number;
  /**
   * the signed response as received, if any: `provenance` (signature, session
   * certificate), `body` (the exact signed msgpack bytes: check them with
   * `verifyProvenance(provenance, body)`, read them with protocol's BodyCodec)
   * and `challenge` (its seed)
   */
  signed?: unknown;
}

export interface AuditRecord {
  round: number;
  block: number;
  blockHash: string;
  /** HMAC-derived seed (see challenge-seed.ts); the secret itself is never written */
  seed: string;
  validatorHotkey: string;
  synapse: string;
  challenge: unknown;
  responses: AuditResponse[];
  time: string;
}

export function encodeAuditLine(record: AuditRecord): string {
  return JSON.stringify(record, auditReplacer);
}

/** Appends one record and fsyncs, so a round in the trail is a round that happened. */
export function appendAuditRecord(path: string, record: AuditRecord): void {
  mkdirSync(dirname(path), { recursive: true });
  appendFileSync(path, `${encodeAuditLine(record)}\n`, { mode: 0o600 });
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Inverse of the binary encoding, for auditors reading the trail back. */
export function decodeAuditLine(line: string): AuditRecord {
  return JSON.parse(line, (_key, value: unknown) => {
    if (value && typeof value === 'object' && '$type' in value && 'base64' in value) {
      const { $type, base64 } = value as { $type: string; base64: string };
      const bytes = Buffer.from(base64, 'base64');
      const copy = new Uint8Array(bytes).buffer;
      switch ($type) {
        case 'Float32Array':
          return new Float32Array(copy);
        case 'Float64Array':
          return new Float64Array(copy);
        case 'Int32Array':
          return new Int32Array(copy);
        case 'Uint32Array':
          return new Uint32Array(copy);
        case 'Uint16Array':
          return new Uint16Array(copy);
        case 'BigInt':
          return BigInt(base64);
        default:
          return new Uint8Array(copy);
      }
    }
    return value;
  }) as AuditRecord;
}

function auditReplacer(this: unknown, key: string, value: unknown): unknown {
  // JSON.stringify has already called Buffer#toJSON when we see a Buffer here.
  const raw = (this as Record<string, unknown>)[key];
  if (typeof raw === 'bigint') return { $type: 'BigInt', base64: raw.toString() };
  if (ArrayBuffer.isView(raw) && !(raw instanceof DataView)) {
    const bytes = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    const type = Buffer.isBuffer(raw) ? 'Uint8Array' : raw.constructor.name;
    return { $type: type, base64: bytes.toString('base64') };
  }
  return value;
}
