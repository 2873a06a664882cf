/**
 * The axon asks its policy two questions per caller: may this hotkey talk to
 * me at all (blacklist), and may this request run now (admission: rate,
 * concurrency, priority). The miner answers them from the metagraph
 * (miner/policy.ts); the protocol itself needs no chain.
 */
export interface Admission {
  /** frees the slot; called once the handler has settled */
  release(): void;
}

export interface AdmitRequest {
  caller: string;
  synapse: string;
  /** ms since epoch; a queued request that cannot start before it is refused */
  deadline: number;
  /** the request body's size, the measure of its cost; unknown when absent */
  bytes?: number;
  signal: AbortSignal;
}

export interface AxonPolicy {
  /** a reason when the caller must be refused, undefined when it may call */
  blacklist(hotkey: string): string | undefined;
  /** resolves with a slot, or rejects with ProtocolError RATE_LIMITED / OVERLOADED / TIMEOUT */
  admit(request: AdmitRequest): Admission | Promise<Admission>;
}

const noop: Admission = { release: () => {} };

/** Lets everyone in, no limits: for tests and benchmarks of the protocol alone. */
export const openPolicy: AxonPolicy = {
  blacklist: () => undefined,
  admit: () => noop,
};

/** What the axon reports, for metrics. */
export interface AxonObserver {
  request?(e: { synapse: string; status: number; code?: string; seconds: number }): void;
  /** reason: lowercased wire code or a connection-level reason such as too_many_connections */
  rejection?(reason: string): void;
  connections?(open: number): void;
}
