import { callEpistula } from '../protocol/epistula/epistula-dendrite.ts';
import { ProtocolError } from '../protocol/errors.ts';
import type { HotkeySigner } from '../protocol/hotkey-signature.ts';
import type { CallOptions } from '../protocol/ws/dendrite.ts';
import type { RoundCallResult, RoundDendrite, RoundTarget } from './round.ts';

/**
 * The validator's queries as Epistula v2 signed HTTP requests (`--transport epistula`), the
 * protocol of SN1 and SN4 miners. It answers like the WebSocket `Dendrite` does, so the round and
 * the scoring see no difference, except that an Epistula answer carries no signature: results
 * have no `provenance` and the audit trail records them as unsigned.
 */
export interface EpistulaRoundDendriteOptions {
  keypair: HotkeySigner;
  /** answers larger than this are refused (`PAYLOAD_TOO_LARGE`, score 0) */
  maxResponseBytes?: number;
}

export class EpistulaRoundDendrite implements RoundDendrite {
  constructor(private readonly o: EpistulaRoundDendriteOptions) {}

  async call<T = unknown>(target: RoundTarget, synapse: string, body: unknown, options: CallOptions = {}): Promise<RoundCallResult<T>> {
    const host = target.ip.includes(':') ? `[${target.ip}]` : target.ip;
    const r = await callEpistula({
      baseUrl: `http://${host}:${target.port}`,
      receiver: target.hotkey,
      synapse,
      body,
      signer: this.o.keypair,
      timeoutMs: options.timeoutMs,
      signal: options.signal,
      maxResponseBytes: this.o.maxResponseBytes,
    });
    // a validator without a permit leaves a blacklisting miner's score alone: it needs the WebSocket path's code
    if (r.status === 403) throw new ProtocolError('BLACKLISTED', `the Epistula axon at ${target.ip}:${target.port} refused the validator: ${r.message ?? ''}`);
    const processMs = r.processMs ?? 0;
    if (r.status !== 200) return { status: r.status, body: undefined as T, latencyMs: r.latencyMs, processMs };
    return { status: 200, body: r.body as T, latencyMs: r.latencyMs, processMs };
  }

  /** Nothing to release: every call is its own HTTP request. */
  async close(): Promise<void> {}
}
