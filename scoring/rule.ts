import type { ScoringRuntime } from './onnx/runtime.ts';

/**
 * One challenge as the validator holds it. `request` is what miners receive on
 * `synapse`; `private` never leaves the validator (expected answers, reference
 * texts). `seed` is the hex seed it was generated from, so anyone holding the
 * block hash and the validator secret can regenerate it for audit.
 */
export interface Challenge<Req = Record<string, unknown>> {
  id: string;
  synapse: string;
  seed: string;
  request: Req;
  private: Record<string, unknown>;
}

export type ResponseStatus = 'ok' | 'timeout' | 'error' | 'unreachable';

/** One miner's answer to one challenge, as the validator's dendrite saw it. */
export interface MinerResponse<Res = unknown> {
  uid: number;
  hotkey?: string;
  status: ResponseStatus;
  /** the response body (synapse response), when status is ok */
  body?: Res;
  /** request to response, ms */
  latencyMs: number;
}

/** A response paired with the challenge it answers (miners may get distinct challenges). */
export interface ScoringItem {
  challenge: Challenge;
  response: MinerResponse;
}

/** What rules may use besides the items: models and the validator settings. */
export interface RuleContext {
  runtime?: ScoringRuntime;
  /** validator request timeout, ms */
  timeoutMs: number;
  /** validates a response body against the synapse's response schema; returns an error text or undefined */
  checkResponse?: (synapse: string, body: unknown) => string | undefined;
}

/**
 * A scoring rule: the batch of responses (to one or several challenges) in,
 * one score in [0, 1] per response out, same order. Rules that need a model
 * batch every response of the call into one inference run.
 */
export interface ScoringRule {
  readonly name: string;
  score(items: readonly ScoringItem[], ctx: RuleContext): Promise<number[]> | number[];
  /**
   * Optional: starts the work that depends only on the challenges (e.g. the
   * reference vectors of their texts) so it runs while the miners are queried;
   * `score` then uses it for these challenges. Must not change any score.
   */
  prepare?(challenges: readonly Challenge[], ctx: RuleContext): void;
}
