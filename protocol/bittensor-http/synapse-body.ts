import type { PyDict, PyValue } from './python-value.ts';
import { TERMINAL_INFO_FIELDS, type TerminalInfo } from './terminal-info.ts';

/**
 * The JSON body of a synapse: `Synapse.model_dump()`, base fields first in
 * the SDK's declaration order, then the subclass's own fields.
 */
export const BASE_SYNAPSE_FIELDS = ['name', 'timeout', 'total_size', 'header_size', 'dendrite', 'axon', 'computed_body_hash'] as const;

const BASE = new Set<string>(BASE_SYNAPSE_FIELDS);

export function terminalInfoToPy(info: TerminalInfo | undefined): PyDict {
  const out: PyDict = new Map();
  for (const field of TERMINAL_INFO_FIELDS) {
    const v = info?.[field];
    if (v === undefined || v === null) out.set(field, null);
    else if (typeof v === 'number' && field !== 'process_time') out.set(field, BigInt(v));
    else out.set(field, v as PyValue);
  }
  return out;
}

export interface SynapseBodyInput {
  name: string;
  /** seconds */
  timeout: number;
  totalSize?: number;
  headerSize?: number;
  dendrite?: TerminalInfo;
  axon?: TerminalInfo;
  /** the subclass's fields */
  fields: PyDict;
}

export function synapseBody(s: SynapseBodyInput): PyDict {
  const out: PyDict = new Map<string, PyValue>([
    ['name', s.name],
    ['timeout', s.timeout],
    ['total_size', BigInt(s.totalSize ?? 0)],
    ['header_size', BigInt(s.headerSize ?? 0)],
    ['dendrite', terminalInfoToPy(s.dendrite)],
    ['axon', terminalInfoToPy(s.axon)],
    // the body always carries the frozen default; the hash travels in the header
    ['computed_body_hash', ''],
  ]);
  for (const [k, v] of s.fields) if (!BASE.has(k)) out.set(k, v);
  return out;
}

/** The subclass's own fields of a synapse body (everything but the base fields). */
export function synapseFields(body: PyDict): PyDict {
  const out: PyDict = new Map();
  for (const [k, v] of body) if (!BASE.has(k)) out.set(k, v);
  return out;
}
