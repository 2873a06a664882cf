import { EventEmitter } from 'node:events';
import { ApiPromise, WsProvider } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { DispatchError, EventRecord } from '@polkadot/types/interfaces';
import { stringCamelCase, u8aToHex } from '@polkadot/util';
import { isSubnetError, SubnetError } from '../core/errors.ts';
import { withTimeout } from '../core/timeout.ts';
import type { BeaconInfo } from '../core/timelock/index.ts';
import { type AdminWindowState, nextAllowedBlock } from './admin-window.ts';
import type { ServingState } from './axon-serving.ts';
import type { ChildLink } from './child-hotkeys.ts';
import { type CommitRevealMode, commitRevealModeOf } from './commit-reveal.ts';
import { ChainDispatchError, invalidTransactionError } from './dispatch-error.ts';
import { resolveEndpoint } from './endpoints.ts';
import { hyperparameterSpec, HYPERPARAMETERS, type Hyperparameters, type HyperparameterSpec, type HyperparameterValue } from './hyperparameters.ts';
import { ipToInt } from './ip.ts';
import type { Metagraph } from './metagraph.ts';
import { type MetagraphSource, readMetagraph } from './metagraph-reader.ts';
import { networkLockCost } from './network-lock.ts';
import { grossForNet } from './stake-price.ts';
import { alphaSymbol, RAO_PER_TAO } from './units.ts';
import { ROOT_PARAMETERS, rootParameterSpec, type RootParameterSpec } from './root-parameters.ts';

export interface SubtensorClientOptions {
  /** give up the first connection after this long (default 15 s) */
  connectTimeoutMs?: number;
  /** every read and RPC request (default 30 s) */
  callTimeoutMs?: number;
  /** a write, from submission to inclusion (default 60 s) */
  inclusionTimeoutMs?: number;
  /** reconnect backoff: first delay and cap (defaults 500 ms, 30 s) */
  reconnectBaseMs?: number;
  reconnectMaxMs?: number;
}

export interface ChainEvent {
  section: string;
  method: string;
  data: unknown[];
}

/** What every write returns once its block is in the chain. */
export interface TxResult {
  blockHash: string;
  blockNumber: number;
  events: ChainEvent[];
}

/** One entry of `TimelockedWeightCommits`: `(who, commit_block, commit, reveal_round)` under its epoch. */
export interface StoredTimelockedCommit {
  epoch: number;
  /** ss58 */
  hotkey: string;
  commitBlock: number;
  /** 0x-hex */
  commit: string;
  revealRound: number;
}

export interface ConnectionEvent {
  url: string;
  attempt?: number;
  /** ms until the next reconnect attempt */
  retryInMs?: number;
}

/** A swap quote (`SimSwapResult`), RAO. For a stake `tao` goes in and `alpha` comes out; for an unstake the reverse. */
export interface SwapQuote {
  tao: bigint;
  alpha: bigint;
  taoFee: bigint;
  alphaFee: bigint;
  taoSlippage: bigint;
  alphaSlippage: bigint;
}

/** A move of stake quoted (RAO): `alphaIn` of the origin's alpha gives `alphaOut` of the destination's, through `tao`. */
export interface MoveQuote {
  alphaIn: bigint;
  tao: bigint;
  alphaOut: bigint;
  /** the pool fee: in the origin's alpha (its sale pays it), or in TAO when the origin is root (the purchase pays it) */
  fee: bigint;
  feeIn: 'origin' | 'tao';
  /** how much less than `alphaIn` at the two current prices `alphaOut` is, in parts per billion */
  impactPpb: bigint;
}

/** What `SubnetIdentityV3` holds; only the name is required. */
export interface SubnetIdentity {
  subnetName: string;
  githubRepo?: string;
  subnetContact?: string;
  subnetUrl?: string;
  discord?: string;
  description?: string;
  logoUrl?: string;
  additional?: string;
}

const IDENTITY_FIELDS = ['subnetName', 'githubRepo', 'subnetContact', 'subnetUrl', 'discord', 'description', 'logoUrl', 'additional'] as const;

function identityFields(identity: SubnetIdentity): Record<(typeof IDENTITY_FIELDS)[number], string> {
  return Object.fromEntries(IDENTITY_FIELDS.map((k) => [k, identity[k] ?? ''])) as Record<(typeof IDENTITY_FIELDS)[number], string>;
}

/** A subnet's pool and name as `subnetPools` reads them; amounts RAO, `price` RAO per alpha. */
export interface SubnetPool {
  netuid: number;
  /** `SubnetIdentitiesV3.subnet_name`, '' when unnamed */
  name: string;
  symbol: string;
  price: bigint;
  taoIn: bigint;
  alphaIn: bigint;
  alphaOut: bigint;
  /** TAO the subnet receives per block (`SubnetTaoInEmission`), where the runtime records it */
  taoInEmission?: bigint;
  /** that emission over all subnets', parts per billion */
  emissionSharePpb?: bigint;
}

/** A hotkey's child-hotkey relations on one subnet (`childHotkeys`). */
export interface ChildHotkeys {
  children: ChildLink[];
  /** the hotkeys that lend this one stake, with the proportion each lends */
  parents: ChildLink[];
  /** children scheduled by `set_children`, applied at the first epoch after `cooldownBlock` */
  pending: { children: ChildLink[]; cooldownBlock: number } | null;
  /** the childkey take, parts of u16::MAX */
  take: number;
}

/** One (hotkey, subnet) the coldkey holds stake on; `stake` in the subnet's alpha (RAO). */
export interface StakeEntry {
  hotkey: string;
  coldkey: string;
  netuid: number;
  stake: bigint;
  registered: boolean;
}

export interface SubnetSummary {
  netuid: number;
  n: number;
  maxN: number;
  tempo: number;
  burn: bigint;
  owner?: string;
}

type AnyApi = any;

/**
 * A connection to a subtensor node (or our devnet). Every call has a timeout;
 * a dropped connection is retried with exponential backoff and reported as
 * `disconnected` / `unreachable` / `reconnected` events, never as a crash.
 */
/**
 * Spec 381's dataless transaction extensions: declared with no extra and no payload, so @polkadot/api signs
 * with them knowingly instead of warning that it does not know them (a runtime without them never names them).
 */
const NO_DATA = { extrinsic: {}, payload: {} };
export const SUBTENSOR_SIGNED_EXTENSIONS = { SudoTransactionExtension: NO_DATA, SubtensorTransactionExtension: NO_DATA, DrandPriority: NO_DATA };

export class SubtensorClient extends EventEmitter {
  readonly url: string;
  readonly api: ApiPromise;
  private readonly provider: WsProvider;
  private readonly opts: Required<SubtensorClientOptions>;
  private closing = false;
  private attempt = 0;
  private down = false;
  private reconnectTimer: NodeJS.Timeout | undefined;

  private constructor(url: string, provider: WsProvider, api: ApiPromise, opts: Required<SubtensorClientOptions>) {
    super();
    this.url = url;
    this.provider = provider;
    this.api = api;
    this.opts = opts;
  }

  static async connect(urlOrAlias: string, options: SubtensorClientOptions = {}): Promise<SubtensorClient> {
    const url = resolveEndpoint(urlOrAlias);
    const opts: Required<SubtensorClientOptions> = {
      connectTimeoutMs: options.connectTimeoutMs ?? 15_000,
      callTimeoutMs: options.callTimeoutMs ?? 30_000,
      inclusionTimeoutMs: options.inclusionTimeoutMs ?? 60_000,
      reconnectBaseMs: options.reconnectBaseMs ?? 500,
      reconnectMaxMs: options.reconnectMaxMs ?? 30_000,
    };
    // autoConnect off: reconnection (with backoff) is ours
    const provider = new WsProvider(url, false, {}, opts.callTimeoutMs);
    const api = new ApiPromise({ provider, noInitWarn: true, signedExtensions: SUBTENSOR_SIGNED_EXTENSIONS });
    const client = new SubtensorClient(url, provider, api, opts);
    provider.on('disconnected', () => client.onDisconnected());
    provider.on('connected', () => client.onConnected());
    provider.on('error', () => undefined);
    provider.connect().catch(() => client.scheduleReconnect());
    try {
      await withTimeout(api.isReadyOrError, opts.connectTimeoutMs, `connecting to ${url}`);
    } catch (err) {
      await client.close();
      // a refused connection fails at once: say so rather than blame the timeout
      const reason =
        isSubnetError(err, 'TIMEOUT') || !(err as { message?: unknown } | undefined)?.message
          ? `no answer within ${opts.connectTimeoutMs} ms`
          : String((err as { message: unknown }).message);
      throw new SubnetError('CHAIN_UNREACHABLE', `cannot reach the chain at ${url} (${reason})`, { cause: err });
    }
    return client;
  }

  private onConnected(): void {
    this.attempt = 0;
    if (this.down) {
      this.down = false;
      this.emit('reconnected', { url: this.url } satisfies ConnectionEvent);
    }
  }

  private onDisconnected(): void {
    if (this.closing) return;
    if (!this.down) {
      this.down = true;
      this.emit('disconnected', { url: this.url } satisfies ConnectionEvent);
    }
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closing || this.reconnectTimer) return;
    const delay = Math.min(this.opts.reconnectMaxMs, this.opts.reconnectBaseMs * 2 ** this.attempt);
    this.attempt++;
    if (this.attempt >= 2) this.emit('unreachable', { url: this.url, attempt: this.attempt - 1, retryInMs: delay } satisfies ConnectionEvent);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (this.closing) return;
      this.provider.connect().catch(() => this.scheduleReconnect());
    }, delay);
  }

  get isConnected(): boolean {
    return this.provider.isConnected;
  }

  async close(): Promise<void> {
    this.closing = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    try {
      await withTimeout(this.api.disconnect(), 5_000, 'disconnect');
    } catch {
      // closing anyway
    }
  }

  /** Bounds a read in time. */
  private read<T>(work: Promise<T>, what: string): Promise<T> {
    return withTimeout(work, this.opts.callTimeoutMs, what);
  }

  private get q(): AnyApi {
    const q = (this.api.query as AnyApi).subtensorModule;
    if (!q) throw new SubnetError('CHAIN_UNSUPPORTED', `the chain at ${this.url} has no SubtensorModule pallet`);
    return q;
  }

  private txOf(pallet: string, call: string): (...args: unknown[]) => SubmittableExtrinsic<'promise'> {
    const fn = (this.api.tx as AnyApi)[stringCamelCase(pallet)]?.[stringCamelCase(call)];
    if (!fn) throw new SubnetError('CHAIN_UNSUPPORTED', `the runtime at ${this.url} has no call ${pallet}.${call}`);
    return fn;
  }

  hasCall(pallet: string, call: string): boolean {
    return Boolean((this.api.tx as AnyApi)[stringCamelCase(pallet)]?.[stringCamelCase(call)]);
  }

  hasStorage(pallet: string, item: string): boolean {
    return Boolean((this.api.query as AnyApi)[stringCamelCase(pallet)]?.[stringCamelCase(item)]);
  }

  // ---------------------------------------------------------------- reads

  async blockNumber(): Promise<number> {
    const header = await this.read(this.api.rpc.chain.getHeader(), 'chain_getHeader');
    return header.number.toNumber();
  }

  /** Resolves once the chain reaches `block` (new heads subscription, bounded by `timeoutMs`). */
  async waitForBlock(block: number, timeoutMs = 120_000): Promise<number> {
    let unsub: (() => void) | undefined;
    try {
      return await withTimeout(
        new Promise<number>((resolve, reject) => {
          this.api.rpc.chain
            .subscribeNewHeads((h) => {
              if (h.number.toNumber() >= block) resolve(h.number.toNumber());
            })
            .then((u) => {
              unsub = u;
            }, reject);
        }),
        timeoutMs,
        `waiting for block ${block}`,
      );
    } finally {
      unsub?.();
    }
  }

  async getBalance(address: string): Promise<bigint> {
    const info: AnyApi = await this.read(this.api.query.system.account(address), 'System.Account');
    return BigInt(info.data.free.toString());
  }

  /**
   * From the best source the runtime's metadata offers (`get_selective_metagraph`, else `get_neurons_lite`, else
   * storage); `source` names one, to cross-check them.
   */
  /** The metagraph of the subnet; with `mechid`, the incentive and last updates of that mechanism. */
  async getMetagraph(netuid: number, options: { source?: 'auto' | MetagraphSource; mechid?: number } = {}): Promise<Metagraph> {
    await this.assertSubnet(netuid);
    const mechid = options.mechid ?? 0;
    if (mechid !== 0) await this.assertMechanism(netuid, mechid);
    return this.read(readMetagraph(this.api, netuid, options.source, mechid), `metagraph of subnet ${netuid}${mechanismLabel(mechid)}`);
  }

  /** `MechanismCountCurrent`: how many mechanisms the subnet runs (1 on a runtime without mechanisms). */
  async getMechanismCount(netuid: number): Promise<number> {
    if (!this.hasStorage('SubtensorModule', 'MechanismCountCurrent')) return 1;
    return Number(((await this.read(this.q.mechanismCountCurrent(netuid), 'MechanismCountCurrent')) as AnyApi).toString());
  }

  /** `MechanismEmissionSplit` as u16 shares (65535 in all), or undefined for the even split. */
  async getMechanismEmissionSplit(netuid: number): Promise<number[] | undefined> {
    if (!this.hasStorage('SubtensorModule', 'MechanismEmissionSplit')) return undefined;
    const v: AnyApi = await this.read(this.q.mechanismEmissionSplit(netuid), 'MechanismEmissionSplit');
    return v.isSome ? v.unwrap().map((s: AnyApi) => Number(s.toString())) : undefined;
  }

  private async assertMechanism(netuid: number, mechid: number): Promise<void> {
    const count = await this.getMechanismCount(netuid);
    if (mechid >= count) {
      throw new SubnetError('CHAIN_NO_SUCH_MECHANISM', `subnet ${netuid} has ${count} mechanism(s) (ids 0..${count - 1}); there is no mechanism ${mechid}`);
    }
  }

  async subnetExists(netuid: number): Promise<boolean> {
    const added: AnyApi = await this.read(this.q.networksAdded(netuid), 'NetworksAdded');
    return added.isTrue === true || added.toJSON() === true;
  }

  private async assertSubnet(netuid: number): Promise<void> {
    if (!(await this.subnetExists(netuid))) throw new SubnetError('CHAIN_NO_SUBNET', `subnet ${netuid} does not exist on ${this.url}`);
  }

  async listSubnets(): Promise<SubnetSummary[]> {
    const entries: AnyApi[] = await this.read(this.q.networksAdded.entries(), 'NetworksAdded');
    const netuids = entries
      .filter(([, v]: AnyApi) => v.toJSON() === true)
      .map(([k]: AnyApi) => Number(k.args[0].toString()))
      .sort((a: number, b: number) => a - b);
    return Promise.all(
      netuids.map(async (netuid: number) => {
        const [n, maxN, tempo, burn, owner]: AnyApi[] = await this.read(
          Promise.all([this.q.subnetworkN(netuid), this.q.maxAllowedUids(netuid), this.q.tempo(netuid), this.q.burn(netuid), this.q.subnetOwner(netuid)]),
          `subnet ${netuid}`,
        );
        return {
          netuid,
          n: Number(n.toString()),
          maxN: Number(maxN.toString()),
          tempo: Number(tempo.toString()),
          burn: BigInt(burn.toString()),
          owner: owner?.toString(),
        };
      }),
    );
  }

  /** Every hyperparameter this runtime stores, by btcli name. */
  async getHyperparameters(netuid: number): Promise<Hyperparameters> {
    await this.assertSubnet(netuid);
    const present = HYPERPARAMETERS.filter((h) => this.hasStorage('SubtensorModule', h.storage));
    const values: AnyApi[] = await this.read(
      Promise.all(present.map((h) => this.q[stringCamelCase(h.storage)](netuid))),
      `hyperparameters of subnet ${netuid}`,
    );
    const out: Hyperparameters = {};
    present.forEach((h, i) => {
      out[h.name] = codecValue(values[i]);
    });
    return out;
  }

  async getHyperparameter(netuid: number, name: string): Promise<HyperparameterValue> {
    const spec = hyperparameterSpec(name);
    if (!spec) throw new SubnetError('CHAIN_BAD_HYPERPARAMETER', `unknown hyperparameter '${name}'; known: ${HYPERPARAMETERS.map((h) => h.name).join(', ')}`);
    if (!this.hasStorage('SubtensorModule', spec.storage))
      throw new SubnetError('CHAIN_UNSUPPORTED', `this runtime has no storage SubtensorModule.${spec.storage}`);
    return codecValue(await this.read(this.q[stringCamelCase(spec.storage)](netuid), spec.storage));
  }

  /** Current burn (registration cost) in RAO. */
  async burnCost(netuid: number): Promise<bigint> {
    await this.assertSubnet(netuid);
    return BigInt(((await this.read(this.q.burn(netuid), 'Burn')) as AnyApi).toString());
  }

  async uidOf(netuid: number, hotkey: string): Promise<number | undefined> {
    const v: AnyApi = await this.read(this.q.uids(netuid, hotkey), 'Uids');
    return v.isSome ? Number(v.unwrap().toString()) : undefined;
  }

  /**
   * Stake of `coldkey` on `hotkey` in subnet `netuid`, RAO (alpha units):
   * `Alpha` shares × `TotalHotkeyAlpha` / `TotalHotkeyShares`.
   */
  async getStake(args: { coldkey: string; hotkey: string; netuid: number }): Promise<bigint> {
    const { coldkey, hotkey, netuid } = args;
    if (this.hasStorage('SubtensorModule', 'Alpha') && this.hasStorage('SubtensorModule', 'TotalHotkeyShares')) {
      const [shares, total, totalShares]: AnyApi[] = await this.read(
        Promise.all([this.q.alpha(hotkey, coldkey, netuid), this.q.totalHotkeyAlpha(hotkey, netuid), this.q.totalHotkeyShares(hotkey, netuid)]),
        'stake',
      );
      const s = fixedBits(shares);
      const ts = fixedBits(totalShares);
      if (ts === 0n) return 0n;
      return (s * BigInt(total.toString())) / ts;
    }
    throw new SubnetError('CHAIN_UNSUPPORTED', 'this runtime has no dTAO stake storage (Alpha, TotalHotkeyShares)');
  }

  /**
   * The TAO lock a new subnet costs now (RAO): `SubnetRegistrationRuntimeApi.get_network_registration_cost`
   * where the runtime has it (spec 381), else computed from storage as the runtime does
   * (chain/network-lock.ts), all read at one block; `source: 'storage'` skips the runtime API.
   */
  async networkRegistrationCost(options: { source?: 'auto' | 'storage' } = {}): Promise<bigint> {
    const api = (this.api.call as AnyApi).subnetRegistrationRuntimeApi?.getNetworkRegistrationCost;
    if (api && options.source !== 'storage')
      return BigInt(((await this.read(api(), 'SubnetRegistrationRuntimeApi.get_network_registration_cost')) as AnyApi).toString());
    // spec 381 keeps the last registration's block in LastRateLimitedBlock, spec 293 in an item of its own
    const rateLimited = this.hasStorage('SubtensorModule', 'LastRateLimitedBlock');
    if (!rateLimited && !this.hasStorage('SubtensorModule', 'NetworkLastRegistered'))
      throw new SubnetError(
        'CHAIN_UNSUPPORTED',
        `the runtime at ${this.url} has neither SubnetRegistrationRuntimeApi nor a record of the last subnet registration to price a subnet`,
      );
    const header = await this.read(this.api.rpc.chain.getHeader(), 'chain_getHeader');
    const at = (await this.read(this.api.at(header.hash), 'state at head')) as AnyApi;
    const q = at.query.subtensorModule;
    const reads: AnyApi[] = await this.read(
      Promise.all([
        q.networkLastLockCost(),
        q.networkMinLockCost(),
        rateLimited ? q.lastRateLimitedBlock('NetworkLastRegistered') : q.networkLastRegistered(),
        q.networkLockReductionInterval(),
        q.blockEmission(),
      ]),
      'network lock storage',
    );
    const [lastLock, minLock, lastLockBlock, reductionInterval, blockEmission] = reads.map((v) => BigInt(v.toString()));
    return networkLockCost({ block: BigInt(header.number.toNumber()), lastLock, minLock, lastLockBlock, reductionInterval, blockEmission });
  }

  /**
   * The symbol of subnet `netuid`'s alpha: `TokenSymbol(netuid)` where the
   * runtime stores one, else `α<netuid>`. Presence is checked by size, since an
   * absent entry reads as the storage default (τ), which would label alpha as TAO.
   */
  async alphaSymbol(netuid: number): Promise<string> {
    if (!this.hasStorage('SubtensorModule', 'TokenSymbol')) return alphaSymbol(netuid);
    const size: AnyApi = await this.read(this.q.tokenSymbol.size(netuid), 'TokenSymbol');
    if (BigInt(size.toString()) === 0n) return alphaSymbol(netuid);
    const raw: AnyApi = await this.read(this.q.tokenSymbol(netuid), 'TokenSymbol');
    return alphaSymbol(netuid, raw.isUtf8 ? raw.toUtf8() : undefined);
  }

  /** The best block, `ServingRateLimit(netuid)` and the block of `hotkey`'s last serve on the subnet (0: never). */
  async servingState(netuid: number, hotkey: string): Promise<ServingState> {
    const [block, limit, axon]: [number, AnyApi, AnyApi] = await Promise.all([
      this.blockNumber(),
      this.read(this.q.servingRateLimit(netuid), 'ServingRateLimit'),
      this.read(this.q.axons(netuid, hotkey), 'Axons'),
    ]);
    const info = axon?.isSome ? axon.unwrap() : axon?.isNone ? undefined : axon;
    return { block, rateLimit: Number(limit.toString()), lastServed: info ? Number(info.block.toString()) : 0 };
  }

  /**
   * What staking `tao` RAO into subnet `netuid` would give now, from the
   * runtime's `SwapRuntimeApi.sim_swap_tao_for_alpha`: the alpha received, the
   * TAO that enters the pool and the fee, in RAO. A swap the chain would refuse
   * quotes as zeros, as the runtime answers.
   */
  async quoteStake(netuid: number, tao: bigint): Promise<SwapQuote> {
    return this.quote('simSwapTaoForAlpha', netuid, tao);
  }

  /** What unstaking `alpha` (RAO) from subnet `netuid` would pay now (`sim_swap_alpha_for_tao`). */
  async quoteUnstake(netuid: number, alpha: bigint): Promise<SwapQuote> {
    return this.quote('simSwapAlphaForTao', netuid, alpha);
  }

  private async quote(method: 'simSwapTaoForAlpha' | 'simSwapAlphaForTao', netuid: number, amount: bigint): Promise<SwapQuote> {
    const fn = (this.api.call as AnyApi).swapRuntimeApi?.[method];
    if (!fn) throw new SubnetError('CHAIN_UNSUPPORTED', 'this runtime has no SwapRuntimeApi (no dTAO pools)');
    const r = (await this.read(fn(netuid, amount), `SwapRuntimeApi.${method}`)) as AnyApi;
    const big = (v: AnyApi) => BigInt(v?.toString() ?? '0');
    return {
      tao: big(r.taoAmount),
      alpha: big(r.alphaAmount),
      taoFee: big(r.taoFee),
      alphaFee: big(r.alphaFee),
      taoSlippage: big(r.taoSlippage),
      alphaSlippage: big(r.alphaSlippage),
    };
  }

  /**
   * The price of subnet `netuid`'s alpha in RAO per alpha: `SwapRuntimeApi.current_alpha_price`,
   * else the pool's reserves (`SubnetTAO / SubnetAlphaIn`; 1 TAO on a subnet without a pool).
   */
  async alphaPrice(netuid: number): Promise<bigint> {
    const fn = (this.api.call as AnyApi).swapRuntimeApi?.currentAlphaPrice;
    if (fn) return BigInt(((await this.read(fn(netuid), 'SwapRuntimeApi.current_alpha_price')) as AnyApi).toString());
    const [tao, alpha, mechanism]: AnyApi[] = await this.read(
      Promise.all([this.q.subnetTAO(netuid), this.q.subnetAlphaIn(netuid), this.q.subnetMechanism(netuid)]),
      `subnet ${netuid} pool`,
    );
    if (Number(mechanism.toString()) !== 1) return RAO_PER_TAO;
    const a = BigInt(alpha.toString());
    return a === 0n ? 0n : (BigInt(tao.toString()) * RAO_PER_TAO) / a;
  }

  /**
   * What moving `amount` alpha from `originNetuid` to `destinationNetuid` would give now: within
   * one subnet the same alpha (no swap, no fee); across subnets the origin's sale as quoted, then
   * the destination's purchase of that TAO without a fee, as `move_stake` buys (the purchase is
   * quoted at the gross amount whose fee-paying swap puts the same TAO into the pool).
   */
  async quoteMove(originNetuid: number, destinationNetuid: number, amount: bigint): Promise<MoveQuote> {
    if (originNetuid === destinationNetuid) return { alphaIn: amount, tao: 0n, alphaOut: amount, fee: 0n, feeIn: 'origin', impactPpb: 0n };
    const [sale, originPrice, destinationPrice] = await Promise.all([
      this.quoteUnstake(originNetuid, amount),
      this.alphaPrice(originNetuid),
      this.alphaPrice(destinationNetuid),
    ]);
    // what the amount is worth in the destination's alpha at today's prices
    const ideal = destinationPrice === 0n ? 0n : (amount * originPrice) / destinationPrice;
    const impact = (out: bigint) => (ideal > out ? ((ideal - out) * RAO_PER_TAO) / ideal : 0n);
    // selling root stake drops the sale's fee and keeps the purchase's
    if (originNetuid === 0) {
      const buy = await this.quoteStake(destinationNetuid, sale.tao);
      return { alphaIn: amount, tao: sale.tao, alphaOut: buy.alpha, fee: buy.taoFee, feeIn: 'tao', impactPpb: impact(buy.alpha) };
    }
    let buy = await this.quoteStake(destinationNetuid, sale.tao);
    // a pool that charges a fee quotes less TAO in than given: quote the gross amount that nets the
    // sale's TAO, stepping past the fee's truncation
    if (buy.tao !== sale.tao && buy.tao !== 0n) {
      const rate = this.hasStorage('Swap', 'FeeRate')
        ? Number(((await this.read((this.api.query as AnyApi).swap.feeRate(destinationNetuid), 'FeeRate')) as AnyApi).toString())
        : 0;
      let gross = grossForNet(sale.tao, rate);
      buy = await this.quoteStake(destinationNetuid, gross);
      for (let i = 0; i < 4 && buy.tao !== sale.tao && buy.tao !== 0n; i++) {
        gross += buy.tao < sale.tao ? 1n : -1n;
        buy = await this.quoteStake(destinationNetuid, gross);
      }
    }
    return { alphaIn: amount, tao: sale.tao, alphaOut: buy.alpha, fee: sale.alphaFee, feeIn: 'origin', impactPpb: impact(buy.alpha) };
  }

  /**
   * The coldkey's stake, one entry per (hotkey, subnet) holding some: `StakeInfoRuntimeApi.get_stake_info_for_coldkey`,
   * which values shares however the runtime stores them; a runtime without it is read from storage
   * (`StakingHotkeys` and the share pools).
   */
  async getStakeInfo(coldkey: string): Promise<StakeEntry[]> {
    const fn = (this.api.call as AnyApi).stakeInfoRuntimeApi?.getStakeInfoForColdkey;
    if (fn) {
      const list: AnyApi[] = await this.read(fn(coldkey), 'StakeInfoRuntimeApi.get_stake_info_for_coldkey');
      return list.map((i: AnyApi) => ({
        hotkey: i.hotkey.toString(),
        coldkey: i.coldkey.toString(),
        netuid: Number(i.netuid.toString()),
        stake: BigInt(i.stake.toString()),
        registered: i.isRegistered.isTrue,
      }));
    }
    const hotkeys: AnyApi = await this.read(this.q.stakingHotkeys(coldkey), 'StakingHotkeys');
    const netuids = (await this.listSubnets()).map((s) => s.netuid);
    const out: StakeEntry[] = [];
    for (const netuid of netuids) {
      for (const h of hotkeys.map((k: AnyApi) => k.toString()) as string[]) {
        const stake = await this.getStake({ coldkey, hotkey: h, netuid });
        if (stake > 0n) out.push({ hotkey: h, coldkey, netuid, stake, registered: (await this.uidOf(netuid, h)) !== undefined });
      }
    }
    return out;
  }

  /**
   * Each subnet's pool and name: the price (RAO per alpha), `SubnetTAO`, `SubnetAlphaIn`,
   * `SubnetAlphaOut`, the name from `SubnetIdentitiesV3`, and its share of the block's TAO
   * emission (`SubnetTaoInEmission` over all subnets', in parts per billion; undefined where the
   * runtime keeps no such record).
   */
  async subnetPools(netuids?: number[]): Promise<SubnetPool[]> {
    if (!this.hasStorage('SubtensorModule', 'SubnetTAO'))
      throw new SubnetError('CHAIN_UNSUPPORTED', 'this runtime has no subnet pools (SubnetTAO, SubnetAlphaIn)');
    const all = netuids ?? (await this.listSubnets()).map((s) => s.netuid);
    const q = this.q;
    const hasEmission = this.hasStorage('SubtensorModule', 'SubnetTaoInEmission');
    const emissions = new Map<number, bigint>();
    if (hasEmission) {
      const entries: AnyApi[] = await this.read(q.subnetTaoInEmission.entries(), 'SubnetTaoInEmission');
      for (const [k, v] of entries) emissions.set(Number(k.args[0].toString()), BigInt(v.toString()));
    }
    const totalEmission = [...emissions.values()].reduce((a, b) => a + b, 0n);
    return Promise.all(
      all.map(async (netuid) => {
        const [tao, alphaIn, alphaOut, identity]: AnyApi[] = await this.read(
          Promise.all([
            q.subnetTAO(netuid),
            q.subnetAlphaIn(netuid),
            q.subnetAlphaOut(netuid),
            this.hasStorage('SubtensorModule', 'SubnetIdentitiesV3') ? q.subnetIdentitiesV3(netuid) : undefined,
          ]),
          `subnet ${netuid} pool`,
        );
        const [price, symbol] = await Promise.all([this.alphaPrice(netuid), this.alphaSymbol(netuid)]);
        const id = identity?.isSome ? identity.unwrap() : undefined;
        const name = id ? (id.subnetName.isUtf8 ? id.subnetName.toUtf8() : id.subnetName.toHex()) : '';
        const emission = emissions.get(netuid) ?? 0n;
        return {
          netuid,
          name,
          symbol,
          price,
          taoIn: BigInt(tao.toString()),
          alphaIn: BigInt(alphaIn.toString()),
          alphaOut: BigInt(alphaOut.toString()),
          taoInEmission: hasEmission ? emission : undefined,
          emissionSharePpb: !hasEmission ? undefined : totalEmission === 0n ? 0n : (emission * RAO_PER_TAO) / totalEmission,
        };
      }),
    );
  }

  /** Total stake on a hotkey in a subnet (RAO). */
  async getHotkeyStake(hotkey: string, netuid: number): Promise<bigint> {
    return BigInt(((await this.read(this.q.totalHotkeyAlpha(hotkey, netuid), 'TotalHotkeyAlpha')) as AnyApi).toString());
  }

  /** Weights rows of a mechanism storage index (the netuid for mechanism 0): uid → [(dest uid, u16 weight)]. */
  async getWeights(netuidIndex: number): Promise<Map<number, [number, number][]>> {
    const entries: AnyApi[] = await this.read(this.q.weights.entries(netuidIndex), 'Weights');
    const out = new Map<number, [number, number][]>();
    for (const [key, value] of entries) {
      const uid = Number(key.args[1].toString());
      out.set(
        uid,
        value.map((pair: AnyApi) => [Number(pair[0].toString()), Number(pair[1].toString())]),
      );
    }
    return new Map([...out.entries()].sort((a, b) => a[0] - b[0]));
  }

  /** The unrevealed v2 commits of `hotkey`, keyed by the mechanism storage index (the netuid for mechanism 0). */
  async getWeightCommits(netuidIndex: number, hotkey: string): Promise<{ hash: string; fields: string[] }[]> {
    if (!this.hasStorage('SubtensorModule', 'WeightCommits')) return [];
    const v: AnyApi = await this.read(this.q.weightCommits(netuidIndex, hotkey), 'WeightCommits');
    if (!v.isSome) return [];
    return v.unwrap().map((t: AnyApi) => ({ hash: t[0].toHex(), fields: [1, 2, 3].map((i) => t[i].toString()) }));
  }

  /**
   * How the subnet takes weights, judged by what the connected runtime has: commit-reveal
   * off → 'disabled'; on with `CommitRevealWeightsVersion` ≥ 3, or without the v2 calls →
   * 'timelocked' (v4, drand); otherwise 'v2' (commit_weights / reveal_weights).
   */
  async commitRevealMode(netuid: number): Promise<CommitRevealMode> {
    return (await this.commitRevealInfo(netuid)).mode;
  }

  /** The mode, with the runtime's `CommitRevealWeightsVersion` (absent before it existed). */
  async commitRevealInfo(netuid: number): Promise<{ mode: CommitRevealMode; version?: number }> {
    const enabled: AnyApi = await this.read(this.q.commitRevealWeightsEnabled(netuid), 'CommitRevealWeightsEnabled');
    let version: number | undefined;
    if (this.hasStorage('SubtensorModule', 'CommitRevealWeightsVersion')) {
      const raw: AnyApi = await this.read(this.q.commitRevealWeightsVersion(), 'CommitRevealWeightsVersion');
      version = Number(raw.toString());
    }
    const mode = commitRevealModeOf({
      enabled: enabled.isTrue === true || enabled.toJSON() === true,
      version,
      hasV2Calls: this.hasCall('SubtensorModule', 'commit_weights') && this.hasCall('SubtensorModule', 'reveal_weights'),
    });
    return { mode, version };
  }

  async getTempo(netuid: number): Promise<number> {
    return Number(((await this.read(this.q.tempo(netuid), 'Tempo')) as AnyApi).toString());
  }

  /** `RevealPeriodEpochs` (btcli `commit_reveal_period`); 1, the runtime default, where the runtime lacks it. */
  async getRevealPeriodEpochs(netuid: number): Promise<number> {
    if (!this.hasStorage('SubtensorModule', 'RevealPeriodEpochs')) return 1;
    return Number(((await this.read(this.q.revealPeriodEpochs(netuid), 'RevealPeriodEpochs')) as AnyApi).toString());
  }

  /**
   * Seconds per block from the runtime's constants: Aura's `SlotDuration` (ms; 12 000 on
   * finney, 250 on fast-block local builds), else twice Timestamp's `MinimumPeriod` (the
   * slot duration in a FRAME runtime), else 12 s. A constant, not a measurement: reveal
   * rounds are planned epochs ahead, where the chain's nominal pace is what counts.
   */
  blockTimeSeconds(): number {
    const consts = this.api.consts as AnyApi;
    const slot = consts.aura?.slotDuration;
    if (slot !== undefined && Number(slot.toString()) > 0) return Number(slot.toString()) / 1000;
    const minimum = consts.timestamp?.minimumPeriod;
    if (minimum !== undefined && Number(minimum.toString()) > 0) return (2 * Number(minimum.toString())) / 1000;
    return 12;
  }

  /** `Drand.BeaconConfig`, or undefined on a runtime without the Drand pallet. */
  async getDrandBeacon(): Promise<BeaconInfo | undefined> {
    if (!this.hasStorage('Drand', 'BeaconConfig')) return undefined;
    const c: AnyApi = await this.read((this.api.query as AnyApi).drand.beaconConfig(), 'Drand.BeaconConfig');
    return { publicKey: c.publicKey.toU8a(true), genesisTime: Number(c.genesisTime.toString()), period: Number(c.period.toString()) };
  }

  /**
   * The stored signature of a drand round (`Drand.Pulses`): null when the chain has no
   * pulse of that round, undefined on a runtime without the Drand pallet. The chain
   * accepts signatures stored with an ASCII "0x" in front; so does this.
   */
  async getDrandSignature(round: number): Promise<Uint8Array | null | undefined> {
    if (!this.hasStorage('Drand', 'Pulses')) return undefined;
    const v: AnyApi = await this.read((this.api.query as AnyApi).drand.pulses(round), 'Drand.Pulses');
    if (!v.isSome) return null;
    const sig: Uint8Array = v.unwrap().signature.toU8a(true);
    return sig[0] === 0x30 && sig[1] === 0x78 ? sig.subarray(2) : sig;
  }

  /** `Drand.LastStoredRound`; undefined on a runtime without the Drand pallet. */
  async getDrandLastStoredRound(): Promise<number | undefined> {
    if (!this.hasStorage('Drand', 'LastStoredRound')) return undefined;
    return Number(((await this.read((this.api.query as AnyApi).drand.lastStoredRound(), 'Drand.LastStoredRound')) as AnyApi).toString());
  }

  /** `TimelockedWeightCommits` of one mechanism storage index (`mechid · 4096 + netuid`), every epoch. */
  async getTimelockedCommits(netuidIndex: number): Promise<StoredTimelockedCommit[]> {
    if (!this.hasStorage('SubtensorModule', 'TimelockedWeightCommits')) return [];
    const entries: AnyApi[] = await this.read(this.q.timelockedWeightCommits.entries(netuidIndex), 'TimelockedWeightCommits');
    const out: StoredTimelockedCommit[] = [];
    for (const [key, value] of entries) {
      const epoch = Number(key.args[1].toString());
      for (const t of value) {
        out.push({ epoch, hotkey: t[0].toString(), commitBlock: Number(t[1].toString()), commit: t[2].toHex(), revealRound: Number(t[3].toString()) });
      }
    }
    return out;
  }

  /** One `Weights` row, keyed by the mechanism storage index: [(dest uid, u16 weight)]. */
  async getWeightsRow(netuidIndex: number, uid: number): Promise<[number, number][]> {
    const v: AnyApi = await this.read(this.q.weights(netuidIndex, uid), 'Weights');
    return v.map((pair: AnyApi) => [Number(pair[0].toString()), Number(pair[1].toString())]);
  }

  // ---------------------------------------------------------------- writes

  /**
   * Signs, submits and waits for inclusion. A failed dispatch (also inside
   * `Sudo.sudo`) becomes a ChainDispatchError naming the pallet error; a pool
   * rejection (1010) a readable CHAIN_INVALID_TX.
   */
  async submit(signer: KeyringPair, tx: SubmittableExtrinsic<'promise'>, what: string): Promise<TxResult> {
    let unsub: (() => void) | undefined;
    const work = new Promise<TxResult>((resolve, reject) => {
      tx.signAndSend(signer, { nonce: -1 }, (result) => {
        const { status } = result;
        if (status.isInBlock || status.isFinalized) {
          unsub?.();
          const blockHash = (status.isInBlock ? status.asInBlock : status.asFinalized).toHex();
          const records = (result.events as EventRecord[]) ?? [];
          if (result.dispatchError) return reject(this.dispatchError(result.dispatchError, what));
          const sudoFailure = records.find((r) => r.event.section === 'sudo' && r.event.method === 'Sudid' && (r.event.data[0] as AnyApi)?.isErr);
          if (sudoFailure) return reject(this.dispatchError((sudoFailure.event.data[0] as AnyApi).asErr, what));
          const events = records.map((r) => ({ section: r.event.section, method: r.event.method, data: r.event.data.toJSON() as unknown[] }));
          this.api.rpc.chain.getHeader(blockHash).then(
            (h) => resolve({ blockHash, blockNumber: h.number.toNumber(), events }),
            () => resolve({ blockHash, blockNumber: -1, events }),
          );
        } else if (status.isDropped || status.isInvalid || status.isUsurped) {
          unsub?.();
          reject(new SubnetError('CHAIN_TX_DROPPED', `${what}: the transaction was ${status.type.toLowerCase()} by the pool`));
        }
      }).then(
        (u) => {
          unsub = u;
        },
        (err: unknown) =>
          reject(
            invalidTransactionError(err, what, `${tx.method.section}.${tx.method.method}`) ??
              new SubnetError('CHAIN_SUBMIT_FAILED', `${what}: ${(err as Error)?.message ?? err}`, { cause: err }),
          ),
      );
    });
    try {
      return await withTimeout(work, this.opts.inclusionTimeoutMs, `${what} (waiting for inclusion)`);
    } finally {
      unsub?.();
    }
  }

  private dispatchError(err: DispatchError, what: string): SubnetError {
    if (err.isModule) {
      const meta = this.api.registry.findMetaError(err.asModule);
      return new ChainDispatchError(stringPascal(meta.section), meta.name, meta.docs.join(' ').trim(), what);
    }
    if (err.isBadOrigin) return new ChainDispatchError('System', 'BadOrigin', 'the signer is not allowed to make this call', what);
    return new SubnetError('CHAIN_DISPATCH', `${what} failed: ${err.type}`);
  }

  /**
   * `register_network`, or with `identity` (its name at least) `register_network_with_identity`,
   * which also stores the subnet's `SubnetIdentitiesV3`.
   */
  registerNetwork(coldkey: KeyringPair, hotkey: string, identity?: SubnetIdentity): Promise<TxResult & { netuid?: number }> {
    const tx = identity
      ? this.txOf('SubtensorModule', 'register_network_with_identity')(hotkey, identityFields(identity))
      : this.txOf('SubtensorModule', 'register_network')(hotkey);
    return this.submit(coldkey, tx, 'register network').then((r) => {
      const ev = r.events.find((e) => e.section === 'subtensorModule' && e.method === 'NetworkAdded');
      return { ...r, netuid: ev ? Number(ev.data[0]) : undefined };
    });
  }

  /** `set_subnet_identity`: the owner names the subnet (fields not given are empty). */
  setSubnetIdentity(coldkey: KeyringPair, netuid: number, identity: SubnetIdentity): Promise<TxResult> {
    const f = identityFields(identity);
    const tx = this.txOf('SubtensorModule', 'set_subnet_identity')(netuid, ...IDENTITY_FIELDS.map((k) => f[k]));
    return this.submit(coldkey, tx, `set the identity of subnet ${netuid}`);
  }

  startCall(coldkey: KeyringPair, netuid: number): Promise<TxResult> {
    return this.submit(coldkey, this.txOf('SubtensorModule', 'start_call')(netuid), `start subnet ${netuid}`);
  }

  async burnedRegister(coldkey: KeyringPair, netuid: number, hotkey: string): Promise<TxResult & { uid?: number }> {
    const r = await this.submit(coldkey, this.txOf('SubtensorModule', 'burned_register')(netuid, hotkey), `register on subnet ${netuid}`);
    const ev = r.events.find((e) => e.section === 'subtensorModule' && e.method === 'NeuronRegistered');
    return { ...r, uid: ev ? Number(ev.data[1]) : await this.uidOf(netuid, hotkey) };
  }

  serveAxon(hotkey: KeyringPair, args: { netuid: number; ip: string; port: number; protocol?: number; version?: number }): Promise<TxResult> {
    const { ip, ipType } = ipToInt(args.ip);
    if (!Number.isInteger(args.port) || args.port < 1 || args.port > 65535) throw new SubnetError('BAD_PORT', `port ${args.port} is not in 1..65535`);
    const tx = this.txOf('SubtensorModule', 'serve_axon')(args.netuid, args.version ?? 0, ip, args.port, ipType, args.protocol ?? 4, 0, 0);
    return this.submit(hotkey, tx, `serve axon on subnet ${args.netuid}`);
  }

  /** `set_weights`, or `set_mechanism_weights` for a mechanism other than 0. */
  setWeights(
    hotkey: KeyringPair,
    args: { netuid: number; mechid?: number; uids: number[]; weights: number[]; versionKey: bigint | number },
  ): Promise<TxResult> {
    const { netuid, mechid = 0 } = args;
    const key = BigInt(args.versionKey);
    const tx =
      mechid === 0
        ? this.txOf('SubtensorModule', 'set_weights')(netuid, args.uids, args.weights, key)
        : this.txOf('SubtensorModule', 'set_mechanism_weights')(netuid, mechid, args.uids, args.weights, key);
    return this.submit(hotkey, tx, `set weights on subnet ${netuid}${mechanismLabel(mechid)}`);
  }

  /** `commit_weights`, or `commit_mechanism_weights` for a mechanism other than 0. */
  commitWeights(hotkey: KeyringPair, args: { netuid: number; mechid?: number; hash: string | Uint8Array }): Promise<TxResult> {
    const { netuid, mechid = 0 } = args;
    const tx =
      mechid === 0
        ? this.txOf('SubtensorModule', 'commit_weights')(netuid, args.hash)
        : this.txOf('SubtensorModule', 'commit_mechanism_weights')(netuid, mechid, args.hash);
    return this.submit(hotkey, tx, `commit weights on subnet ${netuid}${mechanismLabel(mechid)}`);
  }

  /**
   * `commit_timelocked_weights`, or `commit_timelocked_mechanism_weights` for a mechanism
   * other than 0. `version` must equal the chain's `CommitRevealWeightsVersion`.
   */
  commitTimelockedWeights(
    hotkey: KeyringPair,
    args: { netuid: number; mechid?: number; commit: Uint8Array; revealRound: number; version: number },
  ): Promise<TxResult> {
    const { netuid, mechid = 0, revealRound, version } = args;
    // as hex: @polkadot/api reads a Uint8Array given for `Bytes` as already SCALE-encoded (length first)
    const commit = u8aToHex(args.commit);
    const tx =
      mechid === 0
        ? this.txOf('SubtensorModule', 'commit_timelocked_weights')(netuid, commit, revealRound, version)
        : this.txOf('SubtensorModule', 'commit_timelocked_mechanism_weights')(netuid, mechid, commit, revealRound, version);
    return this.submit(hotkey, tx, `commit timelocked weights on subnet ${netuid}${mechanismLabel(mechid)}`);
  }

  /** `reveal_weights`, or `reveal_mechanism_weights` for a mechanism other than 0. */
  revealWeights(
    hotkey: KeyringPair,
    args: { netuid: number; mechid?: number; uids: number[]; values: number[]; salt: number[]; versionKey: bigint | number },
  ): Promise<TxResult> {
    const { netuid, mechid = 0 } = args;
    const key = BigInt(args.versionKey);
    const tx =
      mechid === 0
        ? this.txOf('SubtensorModule', 'reveal_weights')(netuid, args.uids, args.values, args.salt, key)
        : this.txOf('SubtensorModule', 'reveal_mechanism_weights')(netuid, mechid, args.uids, args.values, args.salt, key);
    return this.submit(hotkey, tx, `reveal weights on subnet ${netuid}${mechanismLabel(mechid)}`);
  }

  addStake(coldkey: KeyringPair, args: { hotkey: string; netuid: number; amount: bigint }): Promise<TxResult> {
    return this.submit(coldkey, this.txOf('SubtensorModule', 'add_stake')(args.hotkey, args.netuid, args.amount), `add stake on subnet ${args.netuid}`);
  }

  removeStake(coldkey: KeyringPair, args: { hotkey: string; netuid: number; amount: bigint }): Promise<TxResult> {
    return this.submit(coldkey, this.txOf('SubtensorModule', 'remove_stake')(args.hotkey, args.netuid, args.amount), `remove stake on subnet ${args.netuid}`);
  }

  /**
   * `add_stake_limit`: stakes `amount` TAO (RAO) unless the pool's price would pass `limitPrice`
   * (RAO per alpha); with `allowPartial`, stakes what fits under the limit instead of failing with
   * `SlippageTooHigh`.
   */
  addStakeLimit(coldkey: KeyringPair, args: { hotkey: string; netuid: number; amount: bigint; limitPrice: bigint; allowPartial?: boolean }): Promise<TxResult> {
    const tx = this.txOf('SubtensorModule', 'add_stake_limit')(args.hotkey, args.netuid, args.amount, args.limitPrice, args.allowPartial ?? false);
    return this.submit(coldkey, tx, `add stake on subnet ${args.netuid} (limit price ${args.limitPrice})`);
  }

  /** `remove_stake_limit`: unstakes `amount` alpha (RAO) unless the price would fall below `limitPrice`. */
  removeStakeLimit(
    coldkey: KeyringPair,
    args: { hotkey: string; netuid: number; amount: bigint; limitPrice: bigint; allowPartial?: boolean },
  ): Promise<TxResult> {
    const tx = this.txOf('SubtensorModule', 'remove_stake_limit')(args.hotkey, args.netuid, args.amount, args.limitPrice, args.allowPartial ?? false);
    return this.submit(coldkey, tx, `remove stake on subnet ${args.netuid} (limit price ${args.limitPrice})`);
  }

  /**
   * `move_stake`: `amount` of the coldkey's alpha on (`originHotkey`, `originNetuid`) to
   * (`destinationHotkey`, `destinationNetuid`); across subnets it is sold and the TAO buys
   * the destination's alpha.
   */
  moveStake(
    coldkey: KeyringPair,
    args: { originHotkey: string; destinationHotkey: string; originNetuid: number; destinationNetuid: number; amount: bigint },
  ): Promise<TxResult> {
    const tx = this.txOf('SubtensorModule', 'move_stake')(args.originHotkey, args.destinationHotkey, args.originNetuid, args.destinationNetuid, args.amount);
    return this.submit(coldkey, tx, `move stake from subnet ${args.originNetuid} to subnet ${args.destinationNetuid}`);
  }

  /** `transfer_stake`: `amount` alpha of the coldkey's stake on `hotkey` given to `destinationColdkey` (on `destinationNetuid`). */
  transferStake(
    coldkey: KeyringPair,
    args: { destinationColdkey: string; hotkey: string; originNetuid: number; destinationNetuid: number; amount: bigint },
  ): Promise<TxResult> {
    const tx = this.txOf('SubtensorModule', 'transfer_stake')(args.destinationColdkey, args.hotkey, args.originNetuid, args.destinationNetuid, args.amount);
    return this.submit(coldkey, tx, `transfer stake on subnet ${args.originNetuid} to ${args.destinationColdkey}`);
  }

  /** `swap_stake`: `amount` alpha of one hotkey's stake from one subnet to another. */
  swapStake(coldkey: KeyringPair, args: { hotkey: string; originNetuid: number; destinationNetuid: number; amount: bigint }): Promise<TxResult> {
    const tx = this.txOf('SubtensorModule', 'swap_stake')(args.hotkey, args.originNetuid, args.destinationNetuid, args.amount);
    return this.submit(coldkey, tx, `swap stake from subnet ${args.originNetuid} to subnet ${args.destinationNetuid}`);
  }

  /**
   * `swap_stake_limit`: as `swapStake`, unless the origin's price in the destination's alpha
   * (RAO) would fall below `limitPrice`; `allowPartial` swaps what fits instead of failing.
   */
  swapStakeLimit(
    coldkey: KeyringPair,
    args: { hotkey: string; originNetuid: number; destinationNetuid: number; amount: bigint; limitPrice: bigint; allowPartial?: boolean },
  ): Promise<TxResult> {
    const tx = this.txOf('SubtensorModule', 'swap_stake_limit')(
      args.hotkey,
      args.originNetuid,
      args.destinationNetuid,
      args.amount,
      args.limitPrice,
      args.allowPartial ?? false,
    );
    return this.submit(coldkey, tx, `swap stake from subnet ${args.originNetuid} to subnet ${args.destinationNetuid} (limit price ${args.limitPrice})`);
  }

  /**
   * `set_children`: schedules `hotkey`'s children on `netuid` (an empty list removes them). The chain
   * applies them at the subnet's first epoch after `PendingChildKeyCooldown` blocks.
   */
  setChildren(coldkey: KeyringPair, args: { hotkey: string; netuid: number; children: ChildLink[] }): Promise<TxResult> {
    const tx = this.txOf('SubtensorModule', 'set_children')(
      args.hotkey,
      args.netuid,
      args.children.map((c) => [c.proportion, c.hotkey]),
    );
    return this.submit(coldkey, tx, `set the children of ${args.hotkey} on subnet ${args.netuid}`);
  }

  /** `set_childkey_take`: the share (parts of u16::MAX) of its parents' dividends the child hotkey keeps on `netuid`. */
  setChildkeyTake(coldkey: KeyringPair, args: { hotkey: string; netuid: number; take: number }): Promise<TxResult> {
    const tx = this.txOf('SubtensorModule', 'set_childkey_take')(args.hotkey, args.netuid, args.take);
    return this.submit(coldkey, tx, `set the childkey take of ${args.hotkey} on subnet ${args.netuid}`);
  }

  /** A hotkey's children and parents on `netuid`, the children it has scheduled, and its childkey take, read at one block. */
  async childHotkeys(hotkey: string, netuid: number): Promise<ChildHotkeys> {
    if (!this.hasStorage('SubtensorModule', 'ChildKeys'))
      throw new SubnetError('CHAIN_UNSUPPORTED', `the runtime at ${this.url} has no child hotkeys (ChildKeys)`);
    const header = await this.read(this.api.rpc.chain.getHeader(), 'chain_getHeader');
    const q = ((await this.read(this.api.at(header.hash), 'state at head')) as AnyApi).query.subtensorModule;
    const [children, parents, pending, take]: AnyApi[] = await this.read(
      Promise.all([q.childKeys(hotkey, netuid), q.parentKeys(hotkey, netuid), q.pendingChildKeys(netuid, hotkey), q.childkeyTake(hotkey, netuid)]),
      'child hotkey storage',
    );
    const links = (v: AnyApi): ChildLink[] => (v.toJSON() as [string | number, string][]).map(([p, who]) => ({ hotkey: who, proportion: BigInt(p) }));
    const [scheduled, cooldownBlock] = pending as [AnyApi, AnyApi];
    const pendingLinks = links(scheduled);
    return {
      children: links(children),
      parents: links(parents),
      pending:
        pendingLinks.length === 0 && BigInt(cooldownBlock.toString()) === 0n
          ? null
          : { children: pendingLinks, cooldownBlock: Number(cooldownBlock.toString()) },
      take: Number(take.toString()),
    };
  }

  /** `unstake_all`: the coldkey's whole stake on `hotkey`, on every subnet, sold for TAO. */
  unstakeAll(coldkey: KeyringPair, hotkey: string): Promise<TxResult> {
    return this.submit(coldkey, this.txOf('SubtensorModule', 'unstake_all')(hotkey), `unstake all from ${hotkey}`);
  }

  /** `unstake_all_alpha`: the coldkey's stake on `hotkey` on every subnet but root, sold and staked on root. */
  unstakeAllAlpha(coldkey: KeyringPair, hotkey: string): Promise<TxResult> {
    return this.submit(coldkey, this.txOf('SubtensorModule', 'unstake_all_alpha')(hotkey), `unstake all alpha from ${hotkey} into root`);
  }

  /** `remove_stake_full_limit`: the coldkey's whole stake on (`hotkey`, `netuid`), at `limitPrice` if given. */
  removeStakeFullLimit(coldkey: KeyringPair, args: { hotkey: string; netuid: number; limitPrice?: bigint }): Promise<TxResult> {
    const tx = this.txOf('SubtensorModule', 'remove_stake_full_limit')(args.hotkey, args.netuid, args.limitPrice ?? null);
    return this.submit(coldkey, tx, `remove all stake on subnet ${args.netuid}${args.limitPrice !== undefined ? ` (limit price ${args.limitPrice})` : ''}`);
  }

  transfer(coldkey: KeyringPair, args: { dest: string; amount: bigint; keepAlive?: boolean }): Promise<TxResult> {
    const call = args.keepAlive === false ? 'transfer_allow_death' : 'transfer_keep_alive';
    return this.submit(coldkey, this.txOf('Balances', call)(args.dest, args.amount), 'transfer');
  }

  /**
   * An owner (or, with `sudo`, root) hyperparameter setter from AdminUtils.
   * `value` is text: true/false, an integer, or `low,high` for alpha_values;
   * its type comes from the call's metadata.
   */
  setHyperparameter(signer: KeyringPair, args: { netuid: number; name: string; value: string; sudo?: boolean }): Promise<TxResult> {
    const spec = hyperparameterSpec(args.name);
    if (!spec?.setter) {
      const settable = HYPERPARAMETERS.filter((h) => h.setter).map((h) => h.name);
      throw new SubnetError('CHAIN_BAD_HYPERPARAMETER', `'${args.name}' cannot be set; settable: ${settable.join(', ')}`);
    }
    this.assertSettable(args.name);
    let tx = this.adminCall(spec.setter, [args.netuid], args.name, args.value);
    if (args.sudo) tx = this.txOf('Sudo', 'sudo')(tx);
    const what = `set ${args.name} on subnet ${args.netuid}`;
    return this.submit(signer, tx, what).catch(async (err: unknown) => {
      if (err instanceof ChainDispatchError && err.error === 'BadOrigin' && !spec.owner && !args.sudo) {
        throw new ChainDispatchError(err.pallet, err.error, `${err.docs}; ${args.name} is root-only: sign with the sudo key and --sudo`, what);
      }
      const ownerLimited = err instanceof ChainDispatchError && err.error === 'TxRateLimitExceeded' && spec.rateLimitKey !== undefined && !args.sudo;
      if (err instanceof ChainDispatchError && (err.error === 'AdminActionProhibitedDuringWeightsWindow' || ownerLimited)) {
        throw await this.adminRetryError(err, spec, args.netuid, args.sudo === true, what);
      }
      throw err;
    });
  }

  /**
   * A setter refused by the admin freeze window or the owner's rate limit, as one line that says
   * which rule refused and the first block a retry passes both, computed from the chain's state
   * at its head (chain/admin-window.ts).
   */
  private async adminRetryError(err: ChainDispatchError, spec: HyperparameterSpec, netuid: number, byRoot: boolean, what: string): Promise<SubnetError> {
    const q = this.q;
    const head = await this.blockNumber();
    const lastKey = spec.rateLimitKey === undefined ? undefined : { OwnerHyperparamUpdate: [netuid, spec.rateLimitKey] };
    const [tempo, window, tempos, last] = (await this.read(
      Promise.all([
        q.tempo(netuid),
        q.adminFreezeWindow(),
        q.ownerHyperparamRateLimit(),
        lastKey === undefined ? Promise.resolve(0) : q.lastRateLimitedBlock(lastKey),
      ]),
      'the admin window state',
    )) as AnyApi[];
    const state: AdminWindowState = {
      netuid,
      tempo: Number(tempo.toString()),
      freezeWindow: Number(window.toString()),
      rateLimitTempos: Number(tempos.toString()),
      lastChange: Number(last.toString()),
      byRoot,
    };
    const retry = nextAllowedBlock(state, head + 1);
    const rule =
      err.error === 'TxRateLimitExceeded'
        ? `the owner may change ${spec.name} once per ${state.rateLimitTempos} tempo(s) (${state.tempo * state.rateLimitTempos} blocks; last change at block ${state.lastChange})`
        : `hyperparameters are frozen in the last ${state.freezeWindow} blocks before subnet ${netuid}'s epoch`;
    const when =
      retry === null ? 'no block is outside the window: root must lower admin_freeze_window' : `retry at block ${retry} (${retry - head} blocks from ${head})`;
    const code = err.error === 'TxRateLimitExceeded' ? 'CHAIN_OWNER_RATE_LIMITED' : 'CHAIN_ADMIN_FROZEN';
    return new SubnetError(code, `${what} refused: ${rule}; ${when}`, { cause: err, details: { pallet: err.pallet, error: err.error, retryAt: retry, head } });
  }

  /**
   * Fails with one line when the connected runtime has no setter for the
   * hyperparameter `name` (decided by its metadata, so one client serves old
   * and new runtimes): `max_weights_limit` lost its setter after spec 293.
   */
  assertSettable(name: string): void {
    const spec = hyperparameterSpec(name);
    if (!spec?.setter || this.hasCall('AdminUtils', spec.setter)) return;
    const when = spec.removed ? `removed ${spec.removed}` : 'not in this runtime';
    throw new SubnetError(
      'CHAIN_SETTER_REMOVED',
      `${name} has no setter in this runtime (AdminUtils.${spec.setter} ${when}); it can still be read: remove it from subnet.yaml / --param`,
    );
  }

  /** A chain-wide root parameter (`network_rate_limit`, …) as stored. */
  async getRootParameter(name: string): Promise<HyperparameterValue> {
    const spec = knownRootParameter(name);
    if (!this.hasStorage('SubtensorModule', spec.storage))
      throw new SubnetError('CHAIN_UNSUPPORTED', `this runtime has no storage SubtensorModule.${spec.storage}`);
    return codecValue(await this.read(this.q[stringCamelCase(spec.storage)](), spec.storage));
  }

  /**
   * Sets a root parameter through `Sudo.sudo`: AdminUtils checks `ensure_root`,
   * which no signed origin passes, so `signer` must be the chain's sudo key.
   */
  setRootParameter(signer: KeyringPair, args: { name: string; value: string }): Promise<TxResult> {
    const spec = knownRootParameter(args.name);
    const tx = this.txOf('Sudo', 'sudo')(this.adminCall(spec.setter, [], args.name, args.value));
    return this.submit(signer, tx, `set ${args.name}`);
  }

  /**
   * An AdminUtils setter call: `leading` fills the first arguments (the netuid
   * of a subnet setter), `value` the rest, typed by the call's metadata.
   */
  private adminCall(setter: string, leading: unknown[], name: string, value: string): SubmittableExtrinsic<'promise'> {
    const fn = this.txOf('AdminUtils', setter) as AnyApi;
    const argDefs: { name: string; type: string }[] = fn.meta.args.map((a: AnyApi) => ({ name: a.name.toString(), type: a.type.toString() }));
    const valueDefs = argDefs.slice(leading.length);
    // a list-valued argument (`Vec`) takes the whole text; otherwise commas separate the arguments
    const raw = valueDefs.length > 1 ? value.split(',') : [value];
    if (raw.length !== valueDefs.length) {
      throw new SubnetError('CHAIN_BAD_VALUE', `${name} takes ${valueDefs.length} value(s) (${valueDefs.map((d) => d.name).join(', ')}), got '${value}'`);
    }
    const values = valueDefs.map((d, i) => parseArg(raw[i].trim(), d.type, `${name}.${d.name}`));
    return fn(...leading, ...values);
  }
}

function knownRootParameter(name: string): RootParameterSpec {
  const spec = rootParameterSpec(name);
  if (!spec) throw new SubnetError('CHAIN_BAD_HYPERPARAMETER', `unknown root parameter '${name}'; known: ${ROOT_PARAMETERS.map((p) => p.name).join(', ')}`);
  return spec;
}

/** Newtypes of the runtime's integer arguments, where polkadot-js names the type rather than the integer. */
const INTEGER_NEWTYPES: Readonly<Record<string, string>> = { MechId: 'u8', NetUid: 'u16', NetUidStorageIndex: 'u16', TaoBalance: 'u64', AlphaBalance: 'u64' };

function parseArg(text: string, type: string, what: string): boolean | bigint | bigint[] | null {
  if (/^Option<Vec<u16>>$/.test(type)) {
    if (/^(even|none)$/i.test(text)) return null;
    return text.split(',').map((part, i) => parseArg(part.trim(), 'u16', `${what}[${i}]`) as bigint);
  }
  type = INTEGER_NEWTYPES[type] ?? type;
  if (type === 'bool') {
    if (/^(true|1|yes|on)$/i.test(text)) return true;
    if (/^(false|0|no|off)$/i.test(text)) return false;
    throw new SubnetError('CHAIN_BAD_VALUE', `${what} must be true or false, got '${text}'`);
  }
  const m = /^([ui])(\d+)$/.exec(type);
  if (!m || !/^-?\d+$/.test(text)) throw new SubnetError('CHAIN_BAD_VALUE', `${what} must be an integer (${type}), got '${text}'`);
  const v = BigInt(text);
  const bits = BigInt(m[2]);
  const [lo, hi] = m[1] === 'u' ? [0n, (1n << bits) - 1n] : [-(1n << (bits - 1n)), (1n << (bits - 1n)) - 1n];
  if (v < lo || v > hi) throw new SubnetError('CHAIN_BAD_VALUE', `${what} must be within ${lo}..${hi} (${type}), got ${text}`);
  return v;
}

function stringPascal(section: string): string {
  return section.charAt(0).toUpperCase() + section.slice(1);
}

/** U64F64 / I96F32 storage values (`{ bits }`) or plain integers → raw bits as bigint. */
function fixedBits(v: AnyApi): bigint {
  const j = v.toJSON?.();
  if (j && typeof j === 'object' && 'bits' in j) return BigInt(String((j as { bits: unknown }).bits));
  return BigInt(v.toString());
}

function codecValue(v: AnyApi): HyperparameterValue {
  const j = v.toJSON();
  // an absent optional value (`MechanismEmissionSplit` of an evenly split subnet) reads as its meaning
  if (j === null && v.isNone === true) return 'even';
  if (typeof j === 'boolean') return j;
  if (Array.isArray(j)) return j.map((x) => (typeof x === 'number' ? x : String(x)));
  if (typeof j === 'number') return Number.isSafeInteger(j) ? j : v.toString();
  return v.toString();
}

function mechanismLabel(mechid: number): string {
  return mechid === 0 ? '' : ` mechanism ${mechid}`;
}
