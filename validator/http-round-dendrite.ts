import { callHttpAxon, HttpDendriteSigner, type HttpAxonResult } from '../protocol/bittensor-http/http-dendrite.ts';
import { BASE_SYNAPSE_FIELDS } from '../protocol/bittensor-http/synapse-body.ts';
import type { CallOptions } from '../protocol/ws/dendrite.ts';
import { ProtocolError } from '../protocol/errors.ts';
import type { HotkeySigner } from '../protocol/hotkey-signature.ts';
import type { RoundCallResult, RoundDendrite, RoundTarget } from './round.ts';

/**
 * The validator's queries over the Python SDK's HTTP axon protocol
 * (`--transport bittensor-http`), so a round can score miners that speak
 * only HTTP. It answers like the WebSocket `Dendrite` does, so the round,
 * the scoring and the offline policy see no difference except one: an HTTP
 * answer carries no signature over its body (the SDK's axon signs nonce and
 * hotkeys only), so results have no `provenance` and the audit trail records
 * them as unsigned.
 */
export interface HttpRoundDendriteOptions {
  /** the validator's hotkey; one `HttpDendriteSigner` (one uuid, monotonic nonces) serves every call */
  keypair: HotkeySigner;
  /** answers larger than this are refused unread (`PAYLOAD_TOO_LARGE`, score 0) */
  maxResponseBytes?: number;
  /**
   * The fields the subnet's response schema declares for a synapse. A Python synapse answers
   * request and response fields in one object: fields that were sent in the request and are not
   * declared here are dropped, so the scoring sees what a WebSocket miner would have answered.
   */
  responseFields?: (synapse: string) => readonly string[] | undefined;
  /** a synapse class's `required_hash_fields` (default none), for Python miners whose classes declare some */
  requiredHashFields?: (synapse: string) => readonly string[] | undefined;
}

const BASE = new Set<string>(BASE_SYNAPSE_FIELDS);

/** The synapse's own answer: base fields and echoed, undeclared request fields removed. */
export function synapseAnswer(synapse: Record<string, unknown>, request: Record<string, unknown>, responseFields?: readonly string[]): Record<string, unknown> {
  const declared = new Set(responseFields ?? []);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(synapse)) {
    if (BASE.has(k)) continue;
    if (Object.hasOwn(request, k) && !declared.has(k)) continue;
    out[k] = v;
  }
  return out;
}

/**
 * The dendrite reports its own failures as statuses (the SDK's
 * DENDRITE_ERROR_MAPPING, marked `dendriteFailure`); the round needs them as
 * the WebSocket dendrite's errors, so an unreachable miner counts towards
 * "offline" and a call cut by its timeout is a timeout, not an answer. An
 * axon's own refusals (its 408 says "Response timeout") stay statuses:
 * `STATUS_<n>`, as on the WebSocket path, except 403, which is the WebSocket
 * axon's `BLACKLISTED` refusal.
 */
function localFailure(r: HttpAxonResult, target: RoundTarget): ProtocolError | undefined {
  const where = `${target.ip}:${target.port}`;
  switch (r.dendriteFailure) {
    case 'connect':
      return new ProtocolError('CONNECTION_FAILED', `cannot reach the HTTP axon at ${where}`);
    case 'disconnect':
      return new ProtocolError('CONNECTION_CLOSED', `the HTTP axon at ${where} closed the connection: ${r.statusMessage}`);
    case 'timeout':
      return new ProtocolError('TIMEOUT', `no answer from the HTTP axon at ${where}: ${r.statusMessage}`);
    case 'payload':
      return new ProtocolError('PAYLOAD_TOO_LARGE', `answer from ${where} refused: ${r.statusMessage.replace(/^Payload error: /, '')}`);
    case 'parse':
      return new ProtocolError('BAD_REQUEST', `unreadable answer from ${where}: ${r.statusMessage}`);
    case 'client':
    case undefined:
      break;
  }
  // the validator leaves a blacklisting miner's score alone while it has no permit: it needs the WebSocket path's code
  if (r.status === 403) return new ProtocolError('BLACKLISTED', `the HTTP axon at ${where} refused the validator: ${r.statusMessage}`);
  return undefined;
}

export class HttpRoundDendrite implements RoundDendrite {
  readonly signer: HttpDendriteSigner;

  constructor(private readonly o: HttpRoundDendriteOptions) {
    this.signer = new HttpDendriteSigner(o.keypair);
  }

  async call<T = unknown>(target: RoundTarget, synapse: string, body: unknown, options: CallOptions = {}): Promise<RoundCallResult<T>> {
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw new ProtocolError('BAD_REQUEST', `a ${synapse} request must be an object of synapse fields for the HTTP axon`);
    const request = body as Record<string, unknown>;
    const started = performance.now();
    const r = await callHttpAxon({
      axon: { ip: target.ip, port: target.port, hotkey: target.hotkey },
      synapseName: synapse,
      body: request,
      requiredHashFields: this.o.requiredHashFields?.(synapse),
      timeoutMs: options.timeoutMs,
      signal: options.signal,
      signer: this.signer,
      maxResponseBytes: this.o.maxResponseBytes,
    });
    const latencyMs = performance.now() - started;
    const failure = localFailure(r, target);
    if (failure) throw failure;
    // a signature is optional (Python axons sign only refusals), but one that is there must be the miner's
    if (r.axonSignatureValid === false) throw new ProtocolError('WRONG_AXON', `the HTTP axon at ${target.ip}:${target.port} did not sign as ${target.hotkey}`);
    const processMs = typeof r.axon.process_time === 'number' ? r.axon.process_time * 1000 : 0;
    if (r.status !== 200) return { status: r.status, body: undefined as T, latencyMs, processMs };
    return { status: 200, body: synapseAnswer(r.synapse, request, this.o.responseFields?.(synapse)) as T, latencyMs, processMs };
  }

  /** Nothing to release: every call is its own HTTP request. */
  async close(): Promise<void> {}
}
