import { pyFloatRepr } from './python-repr.ts';
import type { PyValue } from './python-value.ts';
import { castPyFloat, castPyInt, castTerminalField, TERMINAL_INFO_FIELDS, type TerminalInfo, type TerminalInfoField } from './terminal-info.ts';

/**
 * `Synapse.to_headers` / `Synapse.from_headers`: the HTTP headers that carry a
 * synapse's metadata (the body carries its fields). Header names are
 * lowercase, as Starlette and node hand them over.
 */
export interface SynapseHeaderInput {
  name: string;
  /** seconds; a Python float, so `12` travels as `12.0` */
  timeout: number;
  axon?: TerminalInfo;
  dendrite?: TerminalInfo;
  /**
   * The synapse's required pydantic fields (no default) with their values:
   * each travels as `bt_header_input_obj_<field>` = base64(json of an empty
   * value of the same type), so the axon can build the class from headers.
   */
  requiredFields?: ReadonlyMap<string, PyValue> | Record<string, PyValue>;
  /** CPython's sys.getsizeof figures; informational, nobody checks them */
  headerSize?: number;
  totalSize?: number;
  computedBodyHash: string;
}

/** `str(v)` of a TerminalInfo value. */
function terminalValue(field: TerminalInfoField, v: NonNullable<TerminalInfo[TerminalInfoField]>): string {
  if (field === 'process_time') return pyFloatRepr(v as number);
  return String(v);
}

/** json.dumps(type(value)()): the empty value a Python axon validates from headers alone. */
function emptyJsonOf(value: PyValue): string | undefined {
  if (value === null) return undefined;
  if (typeof value === 'string') return '""';
  if (typeof value === 'bigint') return '0';
  if (typeof value === 'number') return '0.0';
  if (typeof value === 'boolean') return 'false';
  if (Array.isArray(value)) return '[]';
  return '{}';
}

export function toHeaders(s: SynapseHeaderInput): Record<string, string> {
  const headers: Record<string, string> = { name: s.name, timeout: pyFloatRepr(s.timeout) };
  for (const [side, info] of [
    ['axon', s.axon],
    ['dendrite', s.dendrite],
  ] as const) {
    for (const field of TERMINAL_INFO_FIELDS) {
      const v = info?.[field];
      if (v !== undefined && v !== null) headers[`bt_header_${side}_${field}`] = terminalValue(field, v);
    }
  }
  const required = s.requiredFields instanceof Map ? s.requiredFields : new Map(Object.entries(s.requiredFields ?? {}));
  for (const [field, value] of required) {
    const empty = emptyJsonOf(value);
    if (empty === undefined || Object.hasOwn(headers, field)) continue;
    headers[`bt_header_input_obj_${field}`] = Buffer.from(empty).toString('base64');
  }
  headers.header_size = String(s.headerSize ?? 0);
  headers.total_size = String(s.totalSize ?? 0);
  headers.computed_body_hash = s.computedBodyHash;
  return headers;
}

export interface ParsedSynapseHeaders {
  name?: string;
  timeout?: number;
  axon: TerminalInfo;
  dendrite: TerminalInfo;
  /** decoded `bt_header_input_obj_*` values (undecodable ones are skipped, as the SDK does) */
  inputObj: Record<string, unknown>;
  headerSize?: bigint;
  totalSize?: bigint;
  computedBodyHash?: string;
}

export type HeaderBag = Record<string, string | string[] | undefined> | Headers;

function entriesOf(headers: HeaderBag): [string, string][] {
  if (headers instanceof Headers) return [...headers.entries()];
  const out: [string, string][] = [];
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) continue;
    out.push([k.toLowerCase(), Array.isArray(v) ? v.join(', ') : v]);
  }
  return out;
}

const TERMINAL_FIELD_SET = new Set<string>(TERMINAL_INFO_FIELDS);

/**
 * `Synapse.from_headers`, with TerminalInfo's casts. Throws TerminalInfoCastError
 * (the axon's 400) naming the header whose value does not cast. Unknown
 * TerminalInfo fields are ignored, as pydantic ignores extra fields.
 */
export function fromHeaders(headers: HeaderBag): ParsedSynapseHeaders {
  const out: ParsedSynapseHeaders = { axon: {}, dendrite: {}, inputObj: {} };
  const plain = new Map<string, string>();
  for (const [key, value] of entriesOf(headers)) {
    plain.set(key, value);
    // the SDK tests the markers in this order, anywhere in the name, and keeps what follows the first occurrence
    const side = key.includes('bt_header_axon_') ? 'axon' : key.includes('bt_header_dendrite_') ? 'dendrite' : undefined;
    if (side !== undefined) {
      const marker = `bt_header_${side}_`;
      const field = key.split(marker)[1]!;
      if (TERMINAL_FIELD_SET.has(field)) {
        (out[side] as Record<string, unknown>)[field] = castTerminalField(field as TerminalInfoField, value);
      }
    } else if (key.includes('bt_header_input_obj')) {
      const field = key.split('bt_header_input_obj_')[1];
      if (field === undefined || Object.hasOwn(out.inputObj, field)) continue;
      try {
        out.inputObj[field] = JSON.parse(Buffer.from(value, 'base64').toString('utf8'));
      } catch {
        // the SDK logs and skips an undecodable input object
      }
    }
  }
  const name = plain.get('name');
  if (name !== undefined) out.name = name;
  const timeout = plain.get('timeout');
  if (timeout !== undefined) out.timeout = castPyFloat('timeout', timeout);
  const headerSize = plain.get('header_size');
  if (headerSize !== undefined) out.headerSize = castPyInt('header_size', headerSize);
  const totalSize = plain.get('total_size');
  if (totalSize !== undefined) out.totalSize = castPyInt('total_size', totalSize);
  const hash = plain.get('computed_body_hash');
  if (hash !== undefined) out.computedBodyHash = hash;
  return out;
}
