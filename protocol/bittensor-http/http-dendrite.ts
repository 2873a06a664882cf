import { randomUUID } from 'node:crypto';
import { isIPv6 } from 'node:net';
import type { HotkeySigner } from '../hotkey-signature.ts';
import { bodyHash } from './body-hash.ts';
import { nowNanos } from './nonce-guard.ts';
import { pythonJsonDumps, pythonJsonLoads } from './python-json.ts';
import { fromPyValue, toPyValue, type PyDict, type PyValue } from './python-value.ts';
import { axonSignedMessage, dendriteSignedMessage, parseSignatureHex, signHex, verifyHotkeySignature } from './signed-messages.ts';
import { synapseBody } from './synapse-body.ts';
import { fromHeaders, toHeaders } from './synapse-headers.ts';
import type { TerminalInfo } from './terminal-info.ts';
import { SDK_COMPAT_VERSION_INT } from './version.ts';

/**
 * A dendrite's identity for the HTTP protocol: the hotkey that signs, one
 * uuid per instance (the axon keys its nonce table by hotkey:uuid) and a
 * nanosecond nonce that never repeats or goes back within the instance.
 */
export class HttpDendriteSigner {
  readonly uuid: string = randomUUID();
  private lastNonce = 0n;

  constructor(
    readonly keypair: HotkeySigner,
    /** what the SDK sends as bt_header_dendrite_ip; the axon overwrites it with the socket's address */
    readonly externalIp = '0.0.0.0',
  ) {}

  get hotkey(): string {
    return this.keypair.address;
  }

  nextNonce(): bigint {
    let n = nowNanos();
    if (n <= this.lastNonce) n = this.lastNonce + 1n;
    this.lastNonce = n;
    return n;
  }
}

export interface HttpAxonTarget {
  ip: string;
  port: number;
  hotkey: string;
}

export interface CallHttpAxonOptions {
  axon: HttpAxonTarget;
  /** the Python Synapse subclass name: the route */
  synapseName: string;
  /** the subclass's fields; `pyFloat(x)` for a float field with an integral value */
  body: Record<string, unknown>;
  /** the class's `required_hash_fields`, in its order */
  requiredHashFields?: readonly string[];
  /**
   * The class's required pydantic fields (no default), sent as bt_header_input_obj_*: a Python
   * axon builds the synapse from headers first and answers 400 when a required field is
   * missing there. Default: every field with a non-null, non-dict value (an empty dict could
   * fail to validate as a nested model); list dict-valued required fields here explicitly.
   */
  requiredFields?: readonly string[];
  timeoutMs?: number;
  signer: HttpDendriteSigner;
  /** response bodies larger than this are refused (status 400, as aiohttp's payload errors) */
  maxResponseBytes?: number;
}

export interface HttpAxonResult {
  /** the SDK's dendrite.status_code: the axon's, or the transport failure's (503, 408, 422, ...) */
  status: number;
  statusMessage: string;
  /** seconds the call took (dendrite.process_time) */
  processTime: number;
  /** the response synapse on 200 (every field, base ones included), else the request's */
  synapse: Record<string, unknown>;
  /** the axon's TerminalInfo as its headers report it */
  axon: TerminalInfo;
  /** whether bt_header_axon_signature verifies; undefined when the axon sent none (Python axons sign only errors) */
  axonSignatureValid?: boolean;
}

const DEFAULT_TIMEOUT_MS = 12_000;

/** `http://ip:port/Name`, with an IPv6 literal bracketed (the SDK forgets to). */
export function httpAxonUrl(axon: { ip: string; port: number }, synapseName: string): string {
  const host = isIPv6(axon.ip) ? `[${axon.ip}]` : axon.ip;
  return `http://${host}:${axon.port}/${encodeURIComponent(synapseName)}`;
}

class PayloadTooLarge extends Error {}

async function readCapped(res: Response, max: number): Promise<string> {
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > max) throw new PayloadTooLarge(`response of ${declared} bytes exceeds ${max}`);
  if (res.body === null) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > max) throw new PayloadTooLarge(`response exceeds ${max} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function errorCode(err: unknown): string | undefined {
  const cause = (err as { cause?: { code?: unknown } }).cause;
  const code = cause?.code ?? (err as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

const CONNECT_FAILURES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT', 'EADDRNOTAVAIL']);
const DISCONNECTS = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

/** dendrite.py DENDRITE_ERROR_MAPPING, for fetch's failures. */
function transportFailure(err: unknown, o: CallHttpAxonOptions, timeoutSeconds: number): { status: number; message: string } {
  const name = (err as { name?: unknown }).name;
  if (name === 'TimeoutError' || name === 'AbortError') return { status: 408, message: `Request timeout after ${timeoutSeconds} seconds` };
  if (err instanceof PayloadTooLarge) return { status: 400, message: `Payload error: ${err.message}` };
  const code = errorCode(err);
  if (code !== undefined && CONNECT_FAILURES.has(code)) return { status: 503, message: `Service unavailable at ${o.axon.ip}:${o.axon.port}/${o.synapseName}` };
  if (code !== undefined && DISCONNECTS.has(code)) return { status: 503, message: `Service disconnected: ${code}` };
  const detail = (err as { cause?: { message?: string } }).cause?.message ?? (err as Error).message ?? String(err);
  return { status: 500, message: `Client error: ${detail}` };
}

/**
 * One call to a Bittensor HTTP axon (Python or ours), as `dendrite.call`
 * makes it: signed headers, the synapse as JSON, the SDK's status mapping.
 * Never throws for network or protocol failures: they come back as statuses.
 */
export async function callHttpAxon(o: CallHttpAxonOptions): Promise<HttpAxonResult> {
  const started = performance.now();
  const timeoutMs = o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timeoutSeconds = timeoutMs / 1000;
  const fields = toPyValue(o.body);
  if (!(fields instanceof Map)) throw new TypeError('body must be an object of synapse fields');
  const hash = bodyHash(fields, o.requiredHashFields ?? []);
  const nonce = o.signer.nextNonce();
  const dendrite: TerminalInfo = { ip: o.signer.externalIp, version: SDK_COMPAT_VERSION_INT, nonce, uuid: o.signer.uuid, hotkey: o.signer.hotkey };
  dendrite.signature = signHex(o.signer.keypair, dendriteSignedMessage({ nonce, dendriteHotkey: o.signer.hotkey, axonHotkey: o.axon.hotkey, uuid: o.signer.uuid, bodyHash: hash }));
  const axon: TerminalInfo = { ip: o.axon.ip, port: o.axon.port, hotkey: o.axon.hotkey };
  const request = synapseBody({ name: o.synapseName, timeout: timeoutSeconds, dendrite, axon, fields });
  const text = pythonJsonDumps(request);
  const requiredFields = new Map<string, PyValue>();
  const candidates = o.requiredFields ?? [...fields].filter(([, v]) => v !== null && !(v instanceof Map)).map(([k]) => k);
  for (const f of candidates) if (fields.has(f)) requiredFields.set(f, fields.get(f)!);
  const headers = toHeaders({ name: o.synapseName, timeout: timeoutSeconds, axon, dendrite, requiredFields, totalSize: Buffer.byteLength(text), computedBodyHash: hash });

  const done = (status: number, statusMessage: string, synapse: PyDict, info: TerminalInfo, axonSignatureValid?: boolean): HttpAxonResult => ({
    status,
    statusMessage,
    processTime: (performance.now() - started) / 1000,
    synapse: fromPyValue(synapse) as Record<string, unknown>,
    axon: info,
    ...(axonSignatureValid === undefined ? {} : { axonSignatureValid }),
  });

  let res: Response;
  let raw: string;
  try {
    res = await fetch(httpAxonUrl(o.axon, o.synapseName), {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: text,
      signal: AbortSignal.timeout(timeoutMs),
    });
    raw = await readCapped(res, o.maxResponseBytes ?? 64 * 1024 * 1024);
  } catch (err) {
    const f = transportFailure(err, o, timeoutSeconds);
    return done(f.status, f.message, request, axon);
  }

  let parsed: PyValue;
  let server: ReturnType<typeof fromHeaders>;
  try {
    parsed = pythonJsonLoads(raw);
    server = fromHeaders(res.headers);
  } catch (err) {
    return done(422, `Failed to parse response: ${(err as Error).message}`, request, axon);
  }
  const merged: TerminalInfo = { ...axon, ...server.axon };
  let synapse = request;
  let message = '';
  if (res.status === 200 && parsed instanceof Map) synapse = parsed;
  else if (parsed instanceof Map && typeof parsed.get('message') === 'string') message = parsed.get('message') as string;
  const status = merged.status_code ?? res.status;
  const statusMessage = merged.status_message ?? message;

  let axonSignatureValid: boolean | undefined;
  if (typeof merged.signature === 'string' && merged.nonce != null && typeof merged.uuid === 'string') {
    const sig = parseSignatureHex(merged.signature);
    axonSignatureValid = sig !== null && verifyHotkeySignature(o.axon.hotkey, axonSignedMessage({ nonce: merged.nonce, dendriteHotkey: o.signer.hotkey, axonHotkey: o.axon.hotkey, uuid: merged.uuid }), sig);
  }
  return done(status, statusMessage, synapse, merged, axonSignatureValid);
}

/** `dendrite.forward(axons, synapse)`: the same synapse to many axons at once, answers in order. */
export function forwardHttpAxons(axons: readonly HttpAxonTarget[], o: Omit<CallHttpAxonOptions, 'axon'>): Promise<HttpAxonResult[]> {
  return Promise.all(axons.map((axon) => callHttpAxon({ ...o, axon })));
}
