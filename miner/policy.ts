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
  /**
   * cost units running at once, all callers: a request costs one unit per started `costUnitBytes`
   * of its body (at least one). Each caller has a share of it weighted by stake among the callers
   * running or waiting: within its share a caller is admitted whatever the others hold, past it only
   * on spare capacity, so a big, low-stake caller cannot crowd out a high-stake one before the
   * request slots are full
   */
  maxConcurrentCost: number;
  /** the body bytes one cost unit stands for */
  costUnitBytes: number;
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
  maxConcurrentCost: 64,
  costUnitBytes: 4096,
  maxQueue: 256,
};

interface Bucket {
  tokens: number;
  updated: number;
  active: number;
  /** cost units of this caller's running requests */
  cost: number;
  /** this caller's requests waiting in the queue */
  queued: number;
}

interface Waiter {
  priority: number;
  seq: number;
  caller: string;
  bucket: Bucket;
  cost: number;
  grant: () => void;
  refuse: (e: ProtocolError) => void;
}

/**
 * The miner's answer to the axon's two questions (see protocol/axon-policy.ts):
 * the blacklist from the metagraph, and admission by per-caller token bucket,
 * per-caller concurrency, then global limits on running requests and on their
 * cost (body bytes), each caller's cost held to its stake-weighted share while
 * others contend; the queue is ordered by caller stake.
 */
export class MinerPolicy implements AxonPolicy {
  readonly config: MinerPolicyConfig;
  private readonly buckets = new Map<string, Bucket>();
  private readonly queue: Waiter[] = [];
  private active = 0;
  private activeCost = 0;
  /** callers with requests running or queued: the ones the cost capacity is shared among */
  private readonly contending = new Map<string, Bucket>();
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
      throw new ProtocolError(
        'RATE_LIMITED',
        `caller ${req.caller} exceeds ${this.config.ratePerSecond} requests/s (burst ${this.config.burst}); retry in ${waitMs} ms`,
      );
    }
    if (bucket.active >= this.config.maxConcurrentPerCaller) {
      throw new ProtocolError(
        'RATE_LIMITED',
        `caller ${req.caller} already has ${bucket.active} requests running (limit ${this.config.maxConcurrentPerCaller})`,
      );
    }
    bucket.tokens -= 1;
    bucket.active += 1;
    const cost = this.costOf(req.bytes);
    let released = false;
    const admission: Admission = {
      release: () => {
        if (released) return;
        released = true;
        bucket.active -= 1;
        bucket.cost -= cost;
        this.active -= 1;
        this.activeCost -= cost;
        this.settle(req.caller, bucket);
        this.next();
      },
    };
    const undoCaller = () => {
      bucket.active -= 1;
    };
    if (this.blocked(req.caller, bucket, cost) === undefined) {
      this.start(req.caller, bucket, cost);
      return admission;
    }
    return this.enqueue(req, bucket, cost, admission, undoCaller);
  }

  /** Cost units of a request of `bytes` body bytes (unknown size: one unit), at most the whole capacity. */
  costOf(bytes: number | undefined): number {
    return Math.min(this.config.maxConcurrentCost, Math.max(1, Math.ceil((bytes ?? 0) / this.config.costUnitBytes)));
  }

  /** The cost units `caller` may hold while the current callers contend: its stake-weighted share. */
  share(caller: string): number {
    const weight = (hotkey: string) => this.priority(hotkey) + 1;
    let total = this.contending.has(caller) ? 0 : weight(caller);
    for (const hotkey of this.contending.keys()) total += weight(hotkey);
    return (this.config.maxConcurrentCost * weight(caller)) / total;
  }

  /**
   * Why a request cannot start now: the request slots are full ('global'), or its caller would pass
   * its share while the cost capacity is taken ('share'); undefined when it can. Within its share a
   * caller is never held back by the cost others hold; past it, it runs on spare capacity only.
   */
  private blocked(caller: string, bucket: Bucket, cost: number): 'global' | 'share' | undefined {
    if (this.active >= this.config.maxConcurrent) return 'global';
    if (bucket.cost + cost <= this.share(caller)) return undefined;
    // past its share: the spare capacity, what the others leave free
    if (this.activeCost + cost <= this.config.maxConcurrentCost) return undefined;
    return 'share';
  }

  private start(caller: string, bucket: Bucket, cost: number): void {
    this.active += 1;
    this.activeCost += cost;
    bucket.cost += cost;
    this.contending.set(caller, bucket);
  }

  private settle(caller: string, bucket: Bucket): void {
    if (bucket.cost === 0 && bucket.queued === 0) this.contending.delete(caller);
  }

  stats(): { active: number; queued: number; callers: number; activeCost: number } {
    return { active: this.active, queued: this.queue.length, callers: this.buckets.size, activeCost: this.activeCost };
  }

  private enqueue(req: AdmitRequest, bucket: Bucket, cost: number, admission: Admission, undoCaller: () => void): Promise<Admission> {
    const priority = this.priority(req.caller);
    bucket.queued += 1;
    this.contending.set(req.caller, bucket);
    return new Promise<Admission>((resolve, reject) => {
      const waiter: Waiter = {
        priority,
        seq: this.seq++,
        caller: req.caller,
        bucket,
        cost,
        grant: () => {
          cleanup();
          bucket.queued -= 1;
          this.start(req.caller, bucket, cost);
          resolve(admission);
        },
        refuse: (e) => {
          cleanup();
          bucket.queued -= 1;
          undoCaller();
          this.settle(req.caller, bucket);
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
          waiter.refuse(
            new ProtocolError('OVERLOADED', `miner saturated (${this.active} running, ${this.queue.length} queued) and callers with more stake are waiting`),
          );
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

  /**
   * Starts waiters in stake order. One held back by its caller's share lets the next caller's pass;
   * one held back by the global limits stops the scan, so big requests are not starved by small ones.
   */
  private next(): void {
    for (let i = 0; i < this.queue.length;) {
      const w = this.queue[i]!;
      const why = this.blocked(w.caller, w.bucket, w.cost);
      if (why === 'global') return;
      if (why === 'share') {
        i += 1;
        continue;
      }
      this.queue.splice(i, 1);
      w.grant();
    }
  }

  private bucket(caller: string): Bucket {
    const now = this.now();
    let b = this.buckets.get(caller);
    if (!b) {
      // bounded: only callers past the blacklist get here, i.e. registered hotkeys
      if (this.buckets.size > 10_000) this.pruneBuckets(now);
      b = { tokens: this.config.burst, updated: now, active: 0, cost: 0, queued: 0 };
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
