import type { EventEmitter } from 'node:events';
import { u8aToHex } from '@polkadot/util';
import { SubnetError } from '../core/errors.ts';
import { callValidity, dispatchInfo, ensureCanPayFee, lacksProviders, type NewBlockEvent } from './block/executor.ts';
import { type BlockRecord, ZERO_HASH } from './block/header.ts';
import { checkSignature } from './extrinsic/check.ts';
import type { Extrinsic } from './extrinsic/decode.ts';
import { InvalidTransaction } from './extrinsic/validity.ts';
import { Account, BlockHash } from './pallets/system.ts';
import type { Runtime } from './runtime/build.ts';
import type { AccountId, Hex } from './scale/types.ts';
import type { StateReader } from './state/types.ts';

/** Why the pool refuses a transaction, as Substrate's pool distinguishes it. */
export type TxPoolErrorKind = 'invalid' | 'unknown' | 'already-imported' | 'full' | 'too-low-priority';

const POOL_ERROR: Record<TxPoolErrorKind, { code: string; text: string }> = {
  invalid: { code: 'DEVNET_TX_INVALID', text: 'invalid transaction' },
  unknown: { code: 'DEVNET_TX_UNKNOWN_VALIDITY', text: 'unknown transaction validity' },
  'already-imported': { code: 'DEVNET_TX_ALREADY_IMPORTED', text: 'transaction already imported' },
  full: { code: 'DEVNET_TX_POOL_FULL', text: 'transaction pool is full' },
  'too-low-priority': { code: 'DEVNET_TX_TOO_LOW_PRIORITY', text: 'priority is too low' },
};

/** A transaction the pool refuses; `reason` is the cause as Substrate words it (e.g. `Transaction is outdated`). */
export class TxPoolError extends SubnetError {
  readonly kind: TxPoolErrorKind;
  readonly reason: string;
  constructor(kind: TxPoolErrorKind, reason: string) {
    super(POOL_ERROR[kind].code, `${POOL_ERROR[kind].text}: ${reason}`);
    this.name = 'TxPoolError';
    this.kind = kind;
    this.reason = reason;
  }
}

/** What the pool reads of the chain: the head it validates against, and the chain's block announcements. */
export interface PoolChain {
  readonly runtime: Runtime;
  head(): BlockRecord;
  /** the head's state */
  state(): StateReader;
  genesisHash(): Hex;
  /** emits `block` (NewBlockEvent) after each durable block, `dropped` (DroppedTransaction) for pool transactions a block left out as invalid */
  readonly events: Pick<EventEmitter, 'on' | 'off'>;
}

export interface DroppedTransaction {
  hash: Hex;
  error: InvalidTransaction;
}

export interface TxPoolOptions {
  /** capacity (default 20 000) */
  maxPool?: number;
  /** called after each accepted transaction (instant block mode builds a block for it) */
  onAdded?: () => void;
}

/**
 * The transaction pool: signed transactions validated against the head
 * (signature and era, providers, nonce), in submission order. Each signer's
 * nonces in the pool make `nextNonce` pool-aware, as `system_accountNextIndex`.
 */
export class TxPool {
  private readonly queue: Extrinsic[] = [];
  private readonly hashes = new Set<Hex>();
  /** nonces of each signer's pool transactions (nextNonce and validation read them per submission) */
  private readonly nonces = new Map<AccountId, Set<number>>();

  constructor(
    private readonly chain: PoolChain,
    private readonly options: TxPoolOptions = {},
  ) {}

  get size(): number {
    return this.queue.length;
  }

  /** The first `n` transactions, in submission order. */
  peek(n: number): Extrinsic[] {
    return this.queue.slice(0, Math.max(0, n));
  }

  /** SCALE hex of every pool transaction (author_pendingExtrinsics). */
  pending(): Hex[] {
    return this.queue.map((x) => u8aToHex(x.bytes) as Hex);
  }

  /** Next nonce of `who` counting its pool transactions. */
  nextNonce(who: AccountId): number {
    let nonce = Account.get(this.chain.state(), who).nonce;
    const pending = this.nonces.get(who);
    while (pending?.has(nonce)) nonce++;
    return nonce;
  }

  /** Validates and queues a decoded transaction; throws `TxPoolError`. */
  submit(x: Extrinsic): void {
    if (!x.signed) throw new TxPoolError('unknown', 'Could not find an unsigned validator for the unsigned transaction');
    if (this.hashes.has(x.hash)) throw new TxPoolError('already-imported', `${x.hash} is already in the pool`);
    const max = this.options.maxPool ?? 20_000;
    if (this.queue.length >= max) throw new TxPoolError('full', `the pool holds ${max} transactions`);
    try {
      this.validate(x);
    } catch (err) {
      if (err instanceof InvalidTransaction) throw new TxPoolError('invalid', err.message);
      throw err;
    }
    this.queue.push(x);
    this.hashes.add(x.hash);
    const signer = x.signed.signer;
    let nonces = this.nonces.get(signer);
    if (!nonces) this.nonces.set(signer, (nonces = new Set()));
    nonces.add(x.signed.nonce);
    this.options.onAdded?.();
  }

  /** Removes the transactions in `gone` (included in a block, or dropped by it), keeping the others' order. */
  remove(gone: Set<Hex>): void {
    // one pass that keeps the order (a splice per included transaction is quadratic)
    let kept = 0;
    for (const x of this.queue) {
      if (gone.has(x.hash)) this.forget(x);
      else this.queue[kept++] = x;
    }
    this.queue.length = kept;
  }

  /**
   * Watches one pool transaction until it is in a block (`included`, with the
   * block and its index in the body) or a block drops it (`dropped`); then
   * stops by itself. Returns the function that stops it earlier.
   */
  watch(hash: Hex, on: { included?(e: NewBlockEvent, index: number): void; dropped?(error: InvalidTransaction): void }): () => void {
    const onBlock = (e: NewBlockEvent): void => {
      const outcome = e.built.outcomes.find((o) => o.hash === hash);
      if (!outcome) return;
      stop();
      on.included?.(e, outcome.index);
    };
    const onDropped = (d: DroppedTransaction): void => {
      if (d.hash !== hash) return;
      stop();
      on.dropped?.(d.error);
    };
    const stop = (): void => {
      this.chain.events.off('block', onBlock);
      this.chain.events.off('dropped', onDropped);
    };
    this.chain.events.on('block', onBlock);
    this.chain.events.on('dropped', onDropped);
    return stop;
  }

  private forget(x: Extrinsic): void {
    this.hashes.delete(x.hash);
    if (!x.signed) return;
    const nonces = this.nonces.get(x.signed.signer);
    nonces?.delete(x.signed.nonce);
    if (nonces?.size === 0) this.nonces.delete(x.signed.signer);
  }

  private validate(x: Extrinsic): void {
    const s = x.signed!;
    const head = this.chain.head();
    const state = this.chain.state();
    const genesisHash = this.chain.genesisHash();
    const number = head.header.number;
    checkSignature(x, {
      genesisHash,
      currentNumber: number + 1,
      blockHash: (n) => {
        if (n === number) return head.hash;
        if (n > number) return undefined;
        const h = BlockHash.get(state, n);
        return h === ZERO_HASH ? undefined : n === 0 ? genesisHash : h;
      },
    });
    const account = Account.get(state, s.signer);
    // subtensor's CheckNonce::validate order: the providers check (skipped for Pays::No), then Stale
    if (lacksProviders(account, dispatchInfo(this.chain.runtime, x.call))) throw new InvalidTransaction('Payment');
    if (s.nonce < account.nonce) throw new InvalidTransaction('Stale');
    ensureCanPayFee(this.chain.runtime, state, x);
    const expected = this.nextNonce(s.signer);
    if (s.nonce < expected)
      throw new TxPoolError('too-low-priority', 'The transaction has too low priority to replace another transaction already in the pool.');
    if (s.nonce > expected) throw new InvalidTransaction('Future');
    const refused = callValidity(this.chain.runtime, state, s.signer, x.call, number + 1);
    if (refused) throw refused;
  }
}
