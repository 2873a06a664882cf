import type { AxonPolicy, AdmitRequest, Admission } from '../protocol/axon-policy.ts';
import { ProtocolError } from '../protocol/errors.ts';
import type { CallerDirectory } from './caller-directory.ts';

/**
 * Who may call the miner and how much. Defaults are at least as strict as the
 * bittensor subnet template's (which blacklists unregistered hotkeys and, with
 * `force_validator_permit`, callers without a permit): here the permit is
 * required by default too.
 */
export interface MinerPolicyConfig {
  netuid: number;
  /** let hotkeys that are not registered on the subnet call (template: allow_non_registered) */
  allowUnregistered: boolean;
  /** refuse registered callers without a validator permit (template: force_validator_permit) */
  requireValidatorPermit: boolean;
  /** refuse callers with less stake than this, TAO */
  minStake: number;
  /** hotkeys always allowed (still rate limited), e.g. the owner's own tools */
  allowlist: string[];
  /** per caller: sustained requests per second (token bucket) ... */
  ratePerSecond: number;
  /** ... and burst */
  burst: number;
  /** per caller: requests running at once */
  maxConcurrentPerCaller: number;
  /** requests running at once, all callers */
  maxConcurrent: number;
  /** requests waiting for a slot; past it the lowest-stake waiter is refused OVERLOADED */
  maxQueue: number;
}

export const MINER_POLICY_DEFAULTS: Omit<MinerPolicyConfig, 'netuid'> = {
  allowUnregistered: false,
  requireValidatorPermit: true,
  minStake: 0,
  allowlist: [],
  ratePerSecond: 20,
  burst: 40,
  maxConcurrentPerCaller: 8,
  maxConcurrent: 32,
  maxQueue: 256,
};

interface Bucket {
  tokens: number;
  updated: number;
  active: number;
}

interface Waiter {
  priority: number;
  seq: number;
  grant: () => void;
  refuse: (e: ProtocolError) => void;
}

/**
 * The miner's answer to the axon's two questions (see protocol/axon-policy.ts):
 * the blacklist from the metagraph, and admission by per-caller token bucket,
 * per-caller concurrency, then a global concurrency limit whose queue is
 * ordered by caller stake (priority when saturated).
 */
export class MinerPolicy implements AxonPolicy {
  readonly config: MinerPolicyConfig;
  private readonly buckets = new Map<string, Bucket>();
  private readonly queue: Waiter[] = [];
  private active = 0;
  private seq = 0;

  constructor(
    private readonly directory: CallerDirectory,
    config: Partial<MinerPolicyConfig> & { netuid: number },
    private readonly now: () => number = () => performance.now(),
  ) {
    this.config = { ...MINER_POLICY_DEFAULTS, ...config };
  }

  blacklist(hotkey: string): string | undefined {
    const c = this.config;
    if (c.allowlist.includes(hotkey)) return undefined;
    const rec = this.directory.lookup(hotkey);
    if (!rec) {
      if (c.allowUnregistered) return undefined;
      return this.directory.synced ? `not registered on netuid ${c.netuid}` : 'metagraph not loaded yet';
    }
    if (c.requireValidatorPermit && !rec.validatorPermit) return `uid ${rec.uid} has no validator permit on netuid ${c.netuid}`;
    if (rec.stake < c.minStake) return `uid ${rec.uid} has ${rec.stake} TAO staked, below the minimum of ${c.minStake} TAO`;
    return undefined;
  }

  /** Caller stake, the queue priority. */
  priority(hotkey: string): number {
    return this.directory.lookup(hotkey)?.stake ?? 0;
  }

  admit(req: AdmitRequest): Admission | Promise<Admission> {
    const bucket = this.bucket(req.caller);
    if (bucket.tokens < 1) {
      const waitMs = Math.ceil(((1 - bucket.tokens) / this.config.ratePerSecond) * 1000);
      throw new ProtocolError('RATE_LIMITED', `caller ${req.caller} exceeds ${this.config.ratePerSecond} requests/s (burst ${this.config.burst}); retry in ${waitMs} ms`);
    }
    if (bucket.active >= this.config.maxConcurrentPerCaller) {
      throw new ProtocolError('RATE_LIMITED', `caller ${req.caller} already has ${bucket.active} requests running (limit ${this.config.maxConcurrentPerCaller})`);
    }
    bucket.tokens -= 1;
    bucket.active += 1;
    let released = false;
    const admission: Admission = {
      release: () => {
        if (released) return;
        released = true;
        bucket.active -= 1;
        this.active -= 1;
        this.next();
      },
    };
    const undoCaller = () => {
      bucket.active -= 1;
    };
    if (this.active < this.config.maxConcurrent) {
      this.active += 1;
      return admission;
    }
    return this.enqueue(req, admission, undoCaller);
  }

  stats(): { active: number; queued: number; callers: number } {
    return { active: this.active, queued: this.queue.length, callers: this.buckets.size };
  }

  private enqueue(req: AdmitRequest, admission: Admission, undoCaller: () => void): Promise<Admission> {
    const priority = this.priority(req.caller);
    return new Promise<Admission>((resolve, reject) => {
      const waiter: Waiter = {
        priority,
        seq: this.seq++,
        grant: () => {
          cleanup();
          this.active += 1;
          resolve(admission);
        },
        refuse: (e) => {
          cleanup();
          undoCaller();
          reject(e);
        },
      };
      const onAbort = () => {
        const i = this.queue.indexOf(waiter);
        if (i >= 0) this.queue.splice(i, 1);
        waiter.refuse(req.signal.reason instanceof ProtocolError ? req.signal.reason : new ProtocolError('TIMEOUT', 'gave up waiting for a slot'));
      };
      const cleanup = () => req.signal.removeEventListener('abort', onAbort);
      req.signal.addEventListener('abort', onAbort, { once: true });
      if (this.queue.length >= this.config.maxQueue) {
        // saturated: the lowest-stake request loses, which may be this one
        const lowest = this.queue[this.queue.length - 1];
        if (lowest.priority >= priority) {
          waiter.refuse(new ProtocolError('OVERLOADED', `miner saturated (${this.active} running, ${this.queue.length} queued) and callers with more stake are waiting`));
          return;
        }
        this.queue.pop();
        lowest.refuse(new ProtocolError('OVERLOADED', 'miner saturated; displaced by a caller with more stake'));
      }
      // highest stake first, FIFO among equals
      let i = this.queue.length;
      while (i > 0 && this.queue[i - 1].priority < priority) i--;
      this.queue.splice(i, 0, waiter);
    });
  }

  private next(): void {
    while (this.active < this.config.maxConcurrent && this.queue.length > 0) this.queue.shift()!.grant();
  }

  private bucket(caller: string): Bucket {
    const now = this.now();
    let b = this.buckets.get(caller);
    if (!b) {
      // bounded: only callers past the blacklist get here, i.e. registered hotkeys
      if (this.buckets.size > 10_000) this.pruneBuckets(now);
      b = { tokens: this.config.burst, updated: now, active: 0 };
      this.buckets.set(caller, b);
      return b;
    }
    b.tokens = Math.min(this.config.burst, b.tokens + ((now - b.updated) / 1000) * this.config.ratePerSecond);
    b.updated = now;
    return b;
  }

  private pruneBuckets(now: number): void {
    for (const [k, b] of this.buckets) if (b.active === 0 && now - b.updated > 60_000) this.buckets.delete(k);
  }
}
