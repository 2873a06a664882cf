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
  /** aborts the call (as its timeout does: status 408), e.g. when a validator round's deadline passes */
  signal?: AbortSignal;
  signer: HttpDendriteSigner;
  /** response bodies larger than this are refused (status 400, as aiohttp's payload errors) */
  maxResponseBytes?: number;
}

/** What went wrong on the dendrite's side when no usable answer came back. */
export type DendriteFailure = 'connect' | 'disconnect' | 'timeout' | 'payload' | 'parse' | 'client';

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
  /** set when the dendrite itself made the status (the SDK's DENDRITE_ERROR_MAPPING), not the axon */
  dendriteFailure?: DendriteFailure;
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
function transportFailure(err: unknown, o: CallHttpAxonOptions, timeoutSeconds: number): { status: number; message: string; kind: DendriteFailure } {
  const name = (err as { name?: unknown }).name;
  if (name === 'TimeoutError' || name === 'AbortError') return { status: 408, message: `Request timeout after ${timeoutSeconds} seconds`, kind: 'timeout' };
  if (err instanceof PayloadTooLarge) return { status: 400, message: `Payload error: ${err.message}`, kind: 'payload' };
  const code = errorCode(err);
  if (code !== undefined && CONNECT_FAILURES.has(code))
    return { status: 503, message: `Service unavailable at ${o.axon.ip}:${o.axon.port}/${o.synapseName}`, kind: 'connect' };
  if (code !== undefined && DISCONNECTS.has(code)) return { status: 503, message: `Service disconnected: ${code}`, kind: 'disconnect' };
  const detail = (err as { cause?: { message?: string } }).cause?.message ?? (err as Error).message ?? String(err);
  return { status: 500, message: `Client error: ${detail}`, kind: 'client' };
}

interface PreparedCall {
  o: CallHttpAxonOptions;
  started: number;
  timeoutMs: number;
  timeoutSeconds: number;
  request: PyDict;
  axon: TerminalInfo;
  init: RequestInit;
}

/** dendrite.py preprocess_synapse_for_request: sign, lay out the body and the headers. */
function prepareCall(o: CallHttpAxonOptions): PreparedCall {
  const started = performance.now();
  const timeoutMs = o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timeoutSeconds = timeoutMs / 1000;
  const fields = toPyValue(o.body);
  if (!(fields instanceof Map)) throw new TypeError('body must be an object of synapse fields');
  const hash = bodyHash(fields, o.requiredHashFields ?? []);
  const nonce = o.signer.nextNonce();
  const dendrite: TerminalInfo = { ip: o.signer.externalIp, version: SDK_COMPAT_VERSION_INT, nonce, uuid: o.signer.uuid, hotkey: o.signer.hotkey };
  dendrite.signature = signHex(
    o.signer.keypair,
    dendriteSignedMessage({ nonce, dendriteHotkey: o.signer.hotkey, axonHotkey: o.axon.hotkey, uuid: o.signer.uuid, bodyHash: hash }),
  );
  const axon: TerminalInfo = { ip: o.axon.ip, port: o.axon.port, hotkey: o.axon.hotkey };
  const request = synapseBody({ name: o.synapseName, timeout: timeoutSeconds, dendrite, axon, fields });
  const text = pythonJsonDumps(request);
  const requiredFields = new Map<string, PyValue>();
  const candidates = o.requiredFields ?? [...fields].filter(([, v]) => v !== null && !(v instanceof Map)).map(([k]) => k);
  for (const f of candidates) if (fields.has(f)) requiredFields.set(f, fields.get(f)!);
  const headers = toHeaders({
    name: o.synapseName,
    timeout: timeoutSeconds,
    axon,
    dendrite,
    requiredFields,
    totalSize: Buffer.byteLength(text),
    computedBodyHash: hash,
  });
  const init: RequestInit = {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: text,
    signal: o.signal ? AbortSignal.any([AbortSignal.timeout(timeoutMs), o.signal]) : AbortSignal.timeout(timeoutMs),
  };
  return { o, started, timeoutMs, timeoutSeconds, request, axon, init };
}

function result(p: PreparedCall, status: number, statusMessage: string, synapse: PyDict, info: TerminalInfo, axonSignatureValid?: boolean): HttpAxonResult {
  return {
    status,
    statusMessage,
    processTime: (performance.now() - p.started) / 1000,
    synapse: fromPyValue(synapse) as Record<string, unknown>,
    axon: info,
    ...(axonSignatureValid === undefined ? {} : { axonSignatureValid }),
  };
}

function failure(p: PreparedCall, err: unknown): HttpAxonResult {
  const f = transportFailure(err, p.o, p.timeoutSeconds);
  return { ...result(p, f.status, f.message, p.request, p.axon), dendriteFailure: f.kind };
}

/** An answer whose body or headers do not parse: the SDK's 422. */
function parseFailure(p: PreparedCall, err: unknown): HttpAxonResult {
  return { ...result(p, 422, `Failed to parse response: ${(err as Error).message}`, p.request, p.axon), dendriteFailure: 'parse' };
}

/** Sends the prepared request: the response, or the dendrite's failure as a result. */
async function post(p: PreparedCall): Promise<Response | HttpAxonResult> {
  try {
    return await fetch(httpAxonUrl(p.o.axon, p.o.synapseName), p.init);
  } catch (err) {
    return failure(p, err);
  }
}

/** The axon's TerminalInfo from the response headers, and whether its signature (when sent) verifies. */
function axonOf(p: PreparedCall, res: Response): { info: TerminalInfo; signatureValid?: boolean } {
  const info: TerminalInfo = { ...p.axon, ...fromHeaders(res.headers).axon };
  if (typeof info.signature !== 'string' || info.nonce == null || typeof info.uuid !== 'string') return { info };
  const sig = parseSignatureHex(info.signature);
  const signed = axonSignedMessage({ nonce: info.nonce, dendriteHotkey: p.o.signer.hotkey, axonHotkey: p.o.axon.hotkey, uuid: info.uuid });
  return { info, signatureValid: sig !== null && verifyHotkeySignature(p.o.axon.hotkey, signed, sig) };
}

/** dendrite.py process_server_response: the synapse on 200, else the refusal's message; the axon's status wins. */
async function readAnswer(p: PreparedCall, res: Response): Promise<HttpAxonResult> {
  let raw: string;
  try {
    raw = await readCapped(res, p.o.maxResponseBytes ?? 64 * 1024 * 1024);
  } catch (err) {
    return failure(p, err);
  }
  let parsed: PyValue;
  let axon: ReturnType<typeof axonOf>;
  try {
    parsed = pythonJsonLoads(raw);
    axon = axonOf(p, res);
  } catch (err) {
    return parseFailure(p, err);
  }
  let synapse = p.request;
  let message = '';
  if (res.status === 200 && parsed instanceof Map) synapse = parsed;
  else if (parsed instanceof Map && typeof parsed.get('message') === 'string') message = parsed.get('message') as string;
  return result(p, axon.info.status_code ?? res.status, axon.info.status_message ?? message, synapse, axon.info, axon.signatureValid);
}

/**
 * One call to a Bittensor HTTP axon (Python or ours), as `dendrite.call`
 * makes it: signed headers, the synapse as JSON, the SDK's status mapping.
 * Never throws for network or protocol failures: they come back as statuses.
 */
export async function callHttpAxon(o: CallHttpAxonOptions): Promise<HttpAxonResult> {
  const p = prepareCall(o);
  const res = await post(p);
  return res instanceof Response ? readAnswer(p, res) : res;
}

/**
 * `dendrite.call_stream` for a StreamingSynapse: yields the raw body chunks of a
 * `text/event-stream` answer as they arrive (their format is the subnet's own:
 * its `process_streaming_response` parses them) and returns the final result.
 * An answer that is not a stream (a refusal) yields nothing and returns as `callHttpAxon`.
 * The timeout covers the whole stream, as aiohttp's does.
 */
export async function* streamHttpAxon(o: CallHttpAxonOptions): AsyncGenerator<Uint8Array, HttpAxonResult, void> {
  const p = prepareCall(o);
  const res = await post(p);
  if (!(res instanceof Response)) return res;
  if (!(res.headers.get('content-type') ?? '').startsWith('text/event-stream')) return readAnswer(p, res);
  let axon: ReturnType<typeof axonOf>;
  try {
    axon = axonOf(p, res);
  } catch (err) {
    return parseFailure(p, err);
  }
  const max = o.maxResponseBytes ?? 64 * 1024 * 1024;
  let size = 0;
  try {
    for await (const chunk of (res.body ?? []) as AsyncIterable<Uint8Array>) {
      size += chunk.byteLength;
      if (size > max) throw new PayloadTooLarge(`streamed response exceeds ${max} bytes`);
      yield chunk;
    }
  } catch (err) {
    return failure(p, err);
  }
  return result(p, axon.info.status_code ?? res.status, axon.info.status_message ?? 'Success', p.request, axon.info, axon.signatureValid);
}

/** `dendrite.forward(axons, synapse)`: the same synapse to many axons at once, answers in order. */
export function forwardHttpAxons(axons: readonly HttpAxonTarget[], o: Omit<CallHttpAxonOptions, 'axon'>): Promise<HttpAxonResult[]> {
  return Promise.all(axons.map((axon) => callHttpAxon({ ...o, axon })));
}
