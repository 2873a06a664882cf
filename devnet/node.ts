import { EventEmitter } from 'node:events';
import { hexToU8a } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { SubnetError } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import { getDevAccounts, toAccountId } from './account.ts';
import {
  buildBlock,
  callValidity,
  dispatchInfo,
  type DispatchInfo,
  ensureCanPayFee,
  extrinsicFee,
  extrinsicsRoot,
  lacksProviders,
  type NewBlockEvent,
} from './block/executor.ts';
import { feeDetails } from './pallets/transaction-payment.ts';
import { type BlockRecord, hashHeader, type Header, ZERO_HASH } from './block/header.ts';
import { storageChanges, timeTravelTarget } from './dev-controls.ts';
import { checkSignature } from './extrinsic/check.ts';
import { decodeExtrinsic, type Extrinsic } from './extrinsic/decode.ts';
import { InvalidTransaction } from './extrinsic/validity.ts';
import type { ApiContext, Hex, PalletDef, RuntimeCall, StateReader } from './pallet.ts';
import { Account, BlockHash, LastRuntimeUpgrade, ParentHash, UpgradedToTripleRefCount, UpgradedToU32RefCount } from './pallets/system.ts';
import { Now } from './pallets/timestamp.ts';
import { PALLETS } from './runtime.ts';
import { buildRuntime, type Runtime } from './runtime/build.ts';
import { nodeRuntimeApis, type NodeApiServices, type TransactionValidity } from './runtime/node-apis.ts';
import { encode, Reader, ScaleError, Writer } from './scale/codec.ts';
import { CHAIN } from './spec.ts';
import { ChainStore } from './state/chain-store.ts';
import { MemoryState } from './state/memory-state.ts';
import { Overlay } from './state/overlay.ts';
import { readProof } from './trie/proof.ts';
import { Trie } from './trie/trie.ts';
import { TxPool } from './txpool.ts';

export type BlockMode = { kind: 'interval'; ms: number } | { kind: 'instant' } | { kind: 'manual' };

export interface NodeOptions {
  dataDir: string;
  reset?: boolean;
  mode: BlockMode;
  /** parsed genesis JSON (sections: balances, sudo, one per pallet) */
  genesis?: Record<string, unknown>;
  log: Logger;
  /** at most this many transactions per block (interval/manual modes) */
  maxBlockExtrinsics?: number;
  /** pool capacity */
  maxPool?: number;
  pallets?: PalletDef[];
}

const HASH69 = `0x${'45'.repeat(32)}` as Hex;

/**
 * The devnet node: runtime, block production, state and persistence, with its
 * transaction pool (`pool`). The RPC layer (rpc/) is a thin JSON-RPC view of it.
 * Emits `block` (NewBlockEvent) after each block is durable, `dropped`
 * ({ hash, error }) for pool transactions that became invalid, `storage` after
 * dev_setStorage.
 */
export class DevnetNode extends EventEmitter {
  readonly runtime: Runtime;
  readonly pool: TxPool;
  private metadataCache: { v14: Uint8Array; v15: Uint8Array } | undefined;
  private producing: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private instantScheduled = false;
  private timeOffsetMs = 0;
  private closed = false;
  readonly log: Logger;

  private constructor(
    readonly store: ChainStore,
    readonly options: NodeOptions,
    runtime: Runtime,
  ) {
    super();
    this.setMaxListeners(0);
    this.runtime = runtime;
    this.log = options.log;
    this.pool = new TxPool(
      { runtime, head: () => this.head, state: () => this.store.state, genesisHash: () => this.genesisHash, events: this },
      {
        maxPool: options.maxPool,
        onAdded: () => {
          if (this.options.mode.kind === 'instant') this.scheduleInstant();
        },
      },
    );
  }

  static async start(options: NodeOptions): Promise<DevnetNode> {
    await cryptoWaitReady();
    const holder: { node?: DevnetNode } = {};
    const runtime = buildRuntime(
      options.pallets ?? PALLETS,
      nodeRuntimeApis(() => holder.node!.apiServices()),
    );
    const store = await ChainStore.open(options.dataDir, { reset: options.reset });
    const node = new DevnetNode(store, options, runtime);
    holder.node = node;
    if (!store.initialized) await node.writeGenesis(options.genesis ?? {});
    else if (options.genesis) options.log.warn('data dir already holds a chain; --genesis is ignored (use --reset to rebuild it)');
    node.setMode(options.mode);
    return node;
  }

  get head(): BlockRecord {
    return this.store.head;
  }

  get genesisHash(): Hex {
    return this.store.genesisHash;
  }

  get mode(): BlockMode {
    return this.options.mode;
  }

  private metadataLoading: Promise<void> | undefined;

  /** Builds the metadata once (its @polkadot/types import is deferred so that start-up stays fast). */
  loadMetadata(): Promise<void> {
    return (this.metadataLoading ??= import('./metadata/build.ts').then(({ buildMetadata }) => {
      this.metadataCache = buildMetadata(this.runtime);
    }));
  }

  /** Prefixed V14/V15 metadata; `loadMetadata()` must have resolved. */
  metadata(): { v14: Uint8Array; v15: Uint8Array } {
    if (!this.metadataCache) throw new SubnetError('DEVNET_METADATA', 'metadata requested before loadMetadata() resolved');
    return this.metadataCache;
  }

  private async writeGenesis(genesis: Record<string, unknown>): Promise<void> {
    if (typeof genesis !== 'object' || genesis === null || Array.isArray(genesis)) {
      throw new SubnetError('DEVNET_GENESIS', 'the genesis file must hold a JSON object');
    }
    const known = new Set(this.runtime.pallets.flatMap((p) => (p.genesis ? [p.genesis.key] : [])));
    const unknown = Object.keys(genesis).filter((k) => !known.has(k));
    if (unknown.length) {
      throw new SubnetError('DEVNET_GENESIS', `unknown genesis section(s) ${unknown.join(', ')}; known: ${[...known].join(', ')}`);
    }
    const overlay = new Overlay(new MemoryState());
    ParentHash.set(overlay, HASH69);
    BlockHash.set(overlay, 0, HASH69);
    UpgradedToU32RefCount.set(overlay, true);
    UpgradedToTripleRefCount.set(overlay, true);
    LastRuntimeUpgrade.set(overlay, { spec_version: CHAIN.specVersion, spec_name: CHAIN.specName });
    const devAccounts = getDevAccounts();
    for (const p of this.runtime.pallets) {
      if (!p.genesis) continue;
      try {
        p.genesis.build({ state: overlay, devAccounts }, genesis[p.genesis.key]);
      } catch (err) {
        if (err instanceof SubnetError) throw err;
        throw new SubnetError('DEVNET_GENESIS', `genesis section '${p.genesis.key}' (${p.name}): ${(err as Error).message}`, { cause: err });
      }
    }
    const changes = overlay.changes();
    const trie = Trie.empty().with(changes);
    const header: Header = { parentHash: ZERO_HASH, number: 0, stateRoot: trie.rootHex(), extrinsicsRoot: extrinsicsRoot([]), digestLogs: [] };
    await this.store.writeGenesis({ hash: hashHeader(header), header, extrinsics: [] }, changes, trie);
  }

  // ---- block production

  setMode(mode: BlockMode): void {
    this.options.mode = mode;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (mode.kind === 'interval') {
      this.timer = setInterval(() => {
        if (this.busy) return;
        void this.newBlocks(1).catch((err) => this.log.error({ err }, 'block production failed'));
      }, mode.ms);
    }
    if (mode.kind === 'instant' && this.pool.size) this.scheduleInstant();
  }

  private busy = false;

  /** Produces `count` blocks (serialized with any other production); resolves with the last block. */
  newBlocks(count: number, extra: Extrinsic[] = []): Promise<BlockRecord> {
    const run = this.producing.then(async () => {
      this.busy = true;
      try {
        let last = this.head;
        for (let i = 0; i < count; i++) {
          if (this.closed) break;
          const take = this.options.mode.kind === 'instant' ? 1 : (this.options.maxBlockExtrinsics ?? 5000);
          last = await this.produce(i === 0 ? extra : [], take);
        }
        return last;
      } finally {
        this.busy = false;
      }
    });
    this.producing = run.catch(() => undefined);
    return run;
  }

  private nextTimestamp(): bigint {
    const prev = Now.get(this.store.state);
    const wall = BigInt(Date.now() + this.timeOffsetMs);
    return wall > prev ? wall : prev + 1n;
  }

  private async produce(extra: Extrinsic[], take: number): Promise<BlockRecord> {
    const txs = [...extra, ...this.pool.peek(take - extra.length)];
    const started = performance.now();
    const built = buildBlock(this.runtime, {
      parent: this.head,
      parentState: this.store.state,
      parentTrie: this.store.trie,
      timestamp: this.nextTimestamp(),
      extrinsics: txs,
      log: this.log,
    });
    await this.store.commitBlock(built.block, built.changes, built.body, built.trie);
    this.pool.remove(new Set<Hex>([...built.outcomes.map((o) => o.hash), ...built.dropped.map((d) => d.hash)]));
    this.log.debug({ number: built.block.header.number, extrinsics: built.block.extrinsics.length, ms: performance.now() - started }, 'block');
    this.emit('block', { block: built.block, changedKeys: [...built.changes.keys()], built } satisfies NewBlockEvent);
    for (const d of built.dropped) this.emit('dropped', d);
    if (this.options.mode.kind === 'instant' && this.pool.size) this.scheduleInstant();
    return built.block;
  }

  private scheduleInstant(): void {
    if (this.instantScheduled) return;
    this.instantScheduled = true;
    setImmediate(() => {
      this.instantScheduled = false;
      if (this.closed || !this.pool.size) return;
      void this.newBlocks(1).catch((err) => this.log.error({ err }, 'block production failed'));
    });
  }

  // ---- state

  /** Block and state at `hash` (head when omitted); `DEVNET_UNKNOWN_BLOCK` / `DEVNET_STATE_DISCARDED` when unknown or pruned. */
  async at(hash?: Hex): Promise<{ block: BlockRecord; state: StateReader }> {
    if (hash === undefined) return { block: this.head, state: this.store.state };
    const block = await this.store.blockByHash(hash.toLowerCase() as Hex);
    if (!block) throw new SubnetError('DEVNET_UNKNOWN_BLOCK', `UnknownBlock: Header was not found in the local database: ${hash}`);
    const state = this.store.stateAt(block.header.number);
    if (!state) throw new SubnetError('DEVNET_STATE_DISCARDED', `State already discarded for ${hash}`);
    return { block, state };
  }

  /** state_getReadProof: the trie nodes proving `keys` (present or absent) at `hash` (head when omitted). */
  async readProof(keys: Hex[], hash?: Hex): Promise<{ at: Hex; proof: Hex[] }> {
    const { block } = await this.at(hash);
    const trie = this.store.trieAt(block.header.number);
    if (!trie) throw new SubnetError('DEVNET_STATE_DISCARDED', `State already discarded for ${block.hash}`);
    return { at: block.hash, proof: readProof(trie, keys) };
  }

  apiContext(block: BlockRecord, state: StateReader): ApiContext {
    return { state, blockNumber: block.header.number, now: Now.get(state) };
  }

  /** state_call: decodes the SCALE inputs, runs the API, returns the SCALE output; `DEVNET_EXECUTION` when it cannot. */
  call(method: string, data: Uint8Array, block: BlockRecord, state: StateReader): Uint8Array {
    const found = this.runtime.apiMethod(method);
    if (!found) throw new SubnetError('DEVNET_EXECUTION', `Execution failed: Other: Exported method ${method} is not found`);
    const { registry } = this.runtime;
    const r = new Reader(data);
    const args: Record<string, unknown> = {};
    try {
      for (const input of found.method.inputs) args[input.name] = registry.codec(input.type).decode(r);
      if (!r.done()) throw new ScaleError(`${data.length - r.offset} trailing byte(s)`);
    } catch (err) {
      throw new SubnetError('DEVNET_EXECUTION', `Execution failed: Could not decode the input of ${method}: ${(err as Error).message}`);
    }
    const out = found.method.call(this.apiContext(block, state), args);
    return encode(registry.codec(found.method.output), out);
  }

  private apiServices(): NodeApiServices {
    const decode = (uxt: Uint8Array) => {
      const w = new Writer();
      w.compact(uxt.length);
      w.bytes(uxt);
      return decodeExtrinsic(this.runtime, w.finish());
    };
    const runtimeInfo = (d: DispatchInfo, fee: bigint) => ({ weight: d.weight, class: d.class, partial_fee: fee });
    const details = (d: DispatchInfo, len: number) => {
      const f = feeDetails({ weight: d.weight.ref_time, pays: d.pays_fee }, len, 0n);
      const i = f.inclusionFee;
      return { inclusion_fee: i && { base_fee: i.baseFee, len_fee: i.lenFee, adjusted_weight_fee: i.adjustedWeightFee }, tip: f.tip };
    };
    // an unsigned extrinsic pays nothing; a call alone is priced without the extensions' weight,
    // as pallet_transaction_payment's query_call_info takes the call's own DispatchInfo
    return {
      runtimeVersion: () => this.runtime.runtimeVersion,
      metadata: (v) => (v === 14 ? this.metadata().v14 : v === 15 ? this.metadata().v15 : undefined),
      accountNonce: (ctx, who) => Account.get(ctx.state, who).nonce,
      queryInfo: (_ctx, uxt, len) => {
        const x = decode(uxt);
        const d = dispatchInfo(this.runtime, x.call, x.signed !== undefined);
        return runtimeInfo(d, x.signed ? extrinsicFee(d, len, 0n) : 0n);
      },
      queryFeeDetails: (_ctx, uxt, len) => {
        const x = decode(uxt);
        return x.signed ? details(dispatchInfo(this.runtime, x.call, true), len) : { inclusion_fee: null, tip: 0n };
      },
      callInfo: (_ctx, call, len) => {
        const d = dispatchInfo(this.runtime, call as RuntimeCall);
        return runtimeInfo(d, extrinsicFee(d, len, 0n));
      },
      callFeeDetails: (_ctx, call, len) => details(dispatchInfo(this.runtime, call as RuntimeCall), len),
      validateTransaction: (ctx, tx, blockHash) => this.validateAt(ctx, tx, blockHash),
    };
  }

  /**
   * TaggedTransactionQueue_validate_transaction: the pool's checks (signature and era, providers,
   * Stale) against the state of block `blockHash`, as the runtime answers them. A nonce ahead of the
   * account's is valid and `requires` the previous one (the pool keeps it as future), as CheckNonce.
   */
  private validateAt(ctx: ApiContext, tx: Uint8Array, blockHash: Hex): TransactionValidity {
    const w = new Writer();
    w.compact(tx.length);
    w.bytes(tx);
    let x: Extrinsic;
    try {
      x = decodeExtrinsic(this.runtime, w.finish());
    } catch (err) {
      throw new SubnetError('DEVNET_EXECUTION', `Execution failed: could not decode the transaction: ${(err as Error).message}`);
    }
    const s = x.signed;
    if (!s) return { Err: { Unknown: 'NoUnsignedValidator' } };
    const account = Account.get(ctx.state, s.signer);
    try {
      checkSignature(x, {
        genesisHash: this.genesisHash,
        currentNumber: ctx.blockNumber + 1,
        blockHash: (n) => {
          if (n === ctx.blockNumber) return blockHash;
          if (n > ctx.blockNumber) return undefined;
          const h = BlockHash.get(ctx.state, n);
          return n === 0 ? this.genesisHash : h === ZERO_HASH ? undefined : h;
        },
      });
      if (lacksProviders(account, dispatchInfo(this.runtime, x.call))) throw new InvalidTransaction('Payment');
      if (s.nonce < account.nonce) throw new InvalidTransaction('Stale');
      ensureCanPayFee(this.runtime, ctx.state, x);
      const refused = callValidity(this.runtime, ctx.state, s.signer, x.call, ctx.blockNumber + 1);
      if (refused) throw refused;
    } catch (err) {
      if (err instanceof InvalidTransaction) return { Err: { Invalid: err.invalid } };
      throw err;
    }
    const tag = (nonce: number) => {
      const t = new Writer();
      t.bytes(hexToU8a(s.signer));
      t.uint(nonce, 4);
      return t.finish();
    };
    return {
      Ok: {
        priority: 0n,
        requires: s.nonce > account.nonce ? [tag(s.nonce - 1)] : [],
        provides: [tag(s.nonce)],
        longevity: s.era.immortal ? 2n ** 64n - 1n : BigInt(s.era.period),
        propagate: true,
      },
    };
  }

  /**
   * payment_queryInfo and payment_queryFeeDetails JSON of an extrinsic's SCALE hex (length prefix
   * included, as the RPC takes it): the node calls the runtime API with the hex's byte length.
   */
  queryInfo(hex: Hex): Record<string, unknown> {
    const x = this.decodeForPayment(hex);
    const d = dispatchInfo(this.runtime, x.call, x.signed !== undefined);
    const fee = x.signed ? extrinsicFee(d, x.bytes.length, 0n) : 0n;
    return { weight: { refTime: Number(d.weight.ref_time), proofSize: Number(d.weight.proof_size) }, class: d.class.toLowerCase(), partialFee: fee.toString() };
  }

  queryFeeDetails(hex: Hex): Record<string, unknown> {
    const x = this.decodeForPayment(hex);
    if (!x.signed) return { inclusionFee: null, tip: '0x0' };
    const d = dispatchInfo(this.runtime, x.call, true);
    const f = feeDetails({ weight: d.weight.ref_time, pays: d.pays_fee }, x.bytes.length, 0n);
    const hexOf = (v: bigint) => `0x${v.toString(16)}`;
    const i = f.inclusionFee;
    return { inclusionFee: i && { baseFee: hexOf(i.baseFee), lenFee: hexOf(i.lenFee), adjustedWeightFee: hexOf(i.adjustedWeightFee) }, tip: hexOf(f.tip) };
  }

  private decodeForPayment(hex: Hex): Extrinsic {
    try {
      return decodeExtrinsic(this.runtime, hexToU8a(hex));
    } catch (err) {
      throw new SubnetError('DEVNET_EXECUTION', `Execution failed: could not decode extrinsic: ${(err as Error).message}`);
    }
  }

  // ---- dev_* (chopsticks-compatible)

  /** dev_setStorage (see `storageChanges`), applied to the head state; returns the head's hash. */
  async setStorage(values: unknown): Promise<Hex> {
    const changes = storageChanges(this.runtime, values);
    await this.serialized(() => this.store.patchHead(changes));
    this.emit('storage', { block: this.head, changedKeys: [...changes.keys()] });
    return this.head.hash;
  }

  /** dev_timeTravel: the next block's timestamp becomes `date` (ms or a date string); returns it. */
  async timeTravel(date: unknown): Promise<number> {
    const ms = timeTravelTarget(date);
    this.timeOffsetMs = ms - Date.now();
    await this.serialized(() => this.store.patchHead(new Map([[Now.key(), Now.encodeValue(BigInt(ms))]])));
    return ms;
  }

  private serialized<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.producing.then(fn);
    this.producing = run.catch(() => undefined);
    return run;
  }

  freeBalance(who: string): bigint {
    return Account.get(this.store.state, toAccountId(who)).data.free;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.producing;
    await this.store.close();
  }
}
