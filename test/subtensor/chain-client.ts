import type { ApiPromise } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { EventRecord } from '@polkadot/types/interfaces';
import type { EpochInput, EpochOutput } from '../../consensus/index.ts';
import { blockEmission, rootProportionOf, splitAlphaOut } from '../../devnet/pallets/subtensor/emission.ts';
import { u96, u96Div, u96Mul, u96PerU16, u96Sub, u96ToU64 } from '../../devnet/pallets/subtensor/fixed.ts';

/** Plain @polkadot/api helpers shared by the SubtensorModule integration tests. */

export interface TxOutcome {
  ok: boolean;
  /** `section.Name` of a module error, or the DispatchError's text */
  error?: string;
  events: EventRecord[];
  blockHash: string;
  /** the transaction fee the signer paid (TransactionPayment.TransactionFeePaid's `actual_fee`) */
  fee: bigint;
}

/** The fee an extrinsic paid: its TransactionPayment.TransactionFeePaid's `actual_fee`. */
export function feePaid(events: EventRecord[]): bigint {
  const paid = events.find(({ event }) => event.section === 'transactionPayment' && event.method === 'TransactionFeePaid');
  if (!paid) throw new Error('the extrinsic deposited no TransactionFeePaid');
  return BigInt(paid.event.data[1].toString());
}

/** Signs, submits and waits for inclusion (the devnet runs in instant mode). */
export function submit(api: ApiPromise, tx: SubmittableExtrinsic<'promise'>, signer: KeyringPair, timeoutMs = 20_000): Promise<TxOutcome> {
  return new Promise((resolve, reject) => {
    let unsub: (() => void) | undefined;
    const timer = setTimeout(() => {
      unsub?.();
      reject(new Error(`${tx.method.section}.${tx.method.method} not in a block after ${timeoutMs} ms (statuses: ${seen.join(', ') || 'none'})`));
    }, timeoutMs);
    const seen: string[] = [];
    tx.signAndSend(signer, (result) => {
      seen.push(result.status.type);
      if (result.status.isInvalid || result.status.isDropped || result.status.isUsurped) {
        clearTimeout(timer);
        reject(new Error(`${tx.method.section}.${tx.method.method}: ${result.status.type}`));
        return;
      }
      if (!result.status.isInBlock && !result.status.isFinalized) return;
      clearTimeout(timer);
      unsub?.();
      const failure = result.dispatchError;
      let error: string | undefined;
      if (failure?.isModule) {
        const meta = api.registry.findMetaError(failure.asModule);
        error = `${meta.section}.${meta.name}`;
      } else if (failure) error = failure.toString();
      const blockHash = result.status.isInBlock ? result.status.asInBlock : result.status.asFinalized;
      resolve({ ok: failure === undefined, error, events: result.events, blockHash: blockHash.toHex(), fee: feePaid(result.events) });
    })
      .then((u) => {
        unsub = u;
      })
      .catch((err: unknown) => {
        clearTimeout(timer);
        reject(err);
      });
  });
}

/** Submits and throws unless the dispatch succeeded. */
export async function mustSubmit(api: ApiPromise, tx: SubmittableExtrinsic<'promise'>, signer: KeyringPair): Promise<TxOutcome> {
  const out = await submit(api, tx, signer);
  if (!out.ok) throw new Error(`${tx.method.section}.${tx.method.method} failed: ${out.error}`);
  return out;
}

/** chopsticks' `dev_newBlock`, through the api's own provider. */
export async function newBlocks(api: ApiPromise, count: number): Promise<void> {
  await (api as unknown as { _rpcCore: { provider: { send(m: string, p: unknown[]): Promise<unknown> } } })._rpcCore.provider.send('dev_newBlock', [{ count }]);
}

export async function headNumber(api: ApiPromise): Promise<number> {
  return (await api.rpc.chain.getHeader()).number.toNumber();
}

/** Advances until the head is `target` (no-op when already there or past). */
export async function advanceTo(api: ApiPromise, target: number): Promise<void> {
  const head = await headNumber(api);
  if (target > head) await newBlocks(api, target - head);
}

/** The next block after `after` whose epoch runs: `(block + netuid + 1) % (tempo + 1) == tempo` (subtensor's `should_run_epoch`). */
export function nextEpochBlock(after: number, netuid: number, tempo: number): number {
  let b = after + 1;
  while ((b + netuid + 1) % (tempo + 1) !== tempo) b++;
  return b;
}

const big = (v: { toString(): string }) => BigInt(v.toString());

/**
 * The `runEpoch` input of `netuid` for the epoch that runs in block `blockNumber`,
 * read with @polkadot/api from the state of the block before it. `raoEmission`
 * is what the epoch distributes (pending emission plus that block's accrual; for a
 * mechanism, its part of it). `mechid` reads that mechanism's rows, kept at the
 * storage index `mechid · 4096 + netuid`.
 */
export async function readEpochInput(api: ApiPromise, netuid: number, blockNumber: number, raoEmission: bigint, mechid = 0): Promise<EpochInput> {
  const index = mechid * 4096 + netuid;
  const parent = await api.rpc.chain.getBlockHash(blockNumber - 1);
  const at = await api.at(parent);
  const q = at.query.subtensorModule;
  const n = (await q.subnetworkN(netuid)).toJSON() as number;
  const uids = Array.from({ length: n }, (_, i) => i);
  const hotkeys = await Promise.all(uids.map(async (uid) => (await q.keys(netuid, uid)).toString()));
  const ownerHotkey = (await q.subnetOwnerHotkey(netuid)).toString();
  const ownerUid = (await q.uids(netuid, ownerHotkey)).toJSON() as number | null;
  const [alphaLow, alphaHigh] = (await q.alphaValues(netuid)).toJSON() as [number, number];
  const lastUpdate = ((await q.lastUpdate(index)).toJSON() as number[]).map(BigInt);
  const permits = (await q.validatorPermit(netuid)).toJSON() as boolean[];
  const rows = async (item: typeof q.weights) => Promise.all(uids.map(async (uid) => (await item(index, uid)).toJSON() as [number, number][]));
  const input: EpochInput = {
    n,
    current_block: blockNumber,
    tempo: (await q.tempo(netuid)).toJSON() as number,
    activity_cutoff_blocks: (await q.activityCutoff(netuid)).toJSON() as number,
    last_mechanism_step_block: big(await q.lastMechansimStepBlock(netuid)),
    stake: await Promise.all(hotkeys.map(async (h) => big(await q.totalHotkeyAlpha(h, netuid)))),
    stake_threshold: big(await q.stakeThreshold()),
    last_update: uids.map((i) => lastUpdate[i] ?? 0n),
    block_at_registration: await Promise.all(uids.map(async (uid) => big(await q.blockAtRegistration(netuid, uid)))),
    validator_permits: permits.length === 0 ? [] : uids.map((i) => permits[i] ?? false),
    max_allowed_validators: (await q.maxAllowedValidators(netuid)).toJSON() as number,
    weights: await rows(q.weights),
    bonds: await rows(q.bonds),
    kappa: (await q.kappa(netuid)).toJSON() as number,
    bonds_penalty: (await q.bondsPenalty(netuid)).toJSON() as number,
    bonds_moving_average: big(await q.bondsMovingAverage(netuid)),
    yuma3: (await q.yuma3On(netuid)).toJSON() as boolean,
    liquid_alpha: (await q.liquidAlphaOn(netuid)).toJSON() as boolean,
    alpha_low: alphaLow,
    alpha_high: alphaHigh,
    alpha_sigmoid_steepness: (await q.alphaSigmoidSteepness(netuid)).toJSON() as number,
    owner_uid: ownerUid,
    rao_emission: raoEmission,
  };
  if ((await q.commitRevealWeightsEnabled(netuid)).toJSON() === true) {
    // earliest commit block of each uid's pending, unexpired commits, v2 and timelocked (epoch e expires after e + period)
    const tempo = input.tempo + 1;
    const period = Number((await q.revealPeriodEpochs(netuid)).toString());
    const epochOf = (b: number) => Math.floor((b + netuid + 1) / tempo);
    const isLive = (b: number) => epochOf(blockNumber) <= epochOf(b) + period;
    const timelocked = (await q.timelockedWeightCommits.entries(index)).flatMap(([, v]) => v.toJSON() as [string, number, string, number][]);
    input.commit_blocks = await Promise.all(
      hotkeys.map(async (h) => {
        const commits = ((await q.weightCommits(index, h)).toJSON() as [string, number, number, number][] | null) ?? [];
        const live = [...commits.map(([, b]) => b), ...timelocked.filter(([who]) => who === h).map(([, b]) => b)].filter(isLive);
        return live.length === 0 ? null : Math.min(...live);
      }),
    );
  }
  return input;
}

/** Per-hotkey stake on `netuid` at a block. */
export async function hotkeyStakes(api: ApiPromise, netuid: number, hotkeys: string[], blockNumber: number): Promise<bigint[]> {
  const at = await api.at(await api.rpc.chain.getBlockHash(blockNumber));
  return Promise.all(hotkeys.map(async (h) => big(await at.query.subtensorModule.totalHotkeyAlpha(h, netuid))));
}

/** Free balance of an account. */
export async function freeOf(api: ApiPromise, address: string): Promise<bigint> {
  const info = (await api.query.system.account(address)) as unknown as { data: { free: { toString(): string } } };
  return BigInt(info.data.free.toString());
}

/** The alpha an epoch drains (spec 381's `drain_pending`): server, validator and root parts and the owner cut. */
export interface EpochAlpha {
  server: bigint;
  validator: bigint;
  root: bigint;
  ownerCut: bigint;
  /** what Yuma distributes: server + validator + root */
  rao: bigint;
}

/**
 * What the epoch in block `blockNumber` drains, read at its parent: the pending
 * alpha plus that block's own accrual, `alpha_out` = e(alpha issuance) split
 * by the owner cut and the root proportion. The block's root alpha is pending
 * only when root sells (the started subnets' moving prices sum above 1);
 * otherwise the chain recycles it.
 */
export async function epochAlpha(api: ApiPromise, netuid: number, blockNumber: number): Promise<EpochAlpha> {
  const at = await api.at(await api.rpc.chain.getBlockHash(blockNumber - 1));
  const q = at.query.subtensorModule;
  const issuance = big(await q.subnetAlphaIn(netuid)) + big(await q.subnetAlphaOut(netuid));
  const rootProp = rootProportionOf(big(await q.subnetTAO(0)), big(await q.taoWeight()), issuance);
  const split = splitAlphaOut(u96(blockEmission(issuance)), Number((await q.subnetOwnerCut()).toString()), rootProp);
  const server = big(await q.pendingServerEmission(netuid)) + split.server;
  const validator = big(await q.pendingValidatorEmission(netuid)) + split.validator;
  let movingSum = 0n;
  for (const [key, moving] of await q.subnetMovingPrice.entries()) {
    const n = (key.args[0] as unknown as { toNumber(): number }).toNumber();
    const started = (await q.firstEmissionBlockNumber(n)).toJSON() !== null;
    if (n !== 0 && started) movingSum += BigInt((moving.toJSON() as { bits: string | number }).bits);
  }
  const rootSells = movingSum > 1n << 32n;
  const root = big(await q.pendingRootAlphaDivs(netuid)) + (rootSells ? split.root : 0n);
  const ownerCut = big(await q.pendingOwnerCut(netuid)) + split.ownerCut;
  return { server, validator, root, ownerCut, rao: server + validator + root };
}

/**
 * Each uid's stake gain from an epoch without root stake, as spec 381 pays it:
 * its miner incentive unless the hotkey is the owner's (recycled or burned),
 * its share of the validator alpha (all of the alpha when no miner earned) by
 * its dividends, the take and the rest both landing on its own pool, and the
 * owner cut for the owner's hotkey. U96F32 arithmetic, as the runtime's.
 */
export function expectedStakeGains(out: EpochOutput, alpha: EpochAlpha, takes: number[], ownerUids: number[], ownerHotkeyUid: number): bigint[] {
  const incentiveSum = out.server_emission.reduce((s, x) => s + BigInt(x), 0n);
  const validatorAlpha = incentiveSum !== 0n ? alpha.validator : alpha.validator + alpha.server;
  const totalDividends = out.validator_emission.reduce((s, x) => s + u96(BigInt(x)), 0n);
  return out.server_emission.map((server, uid) => {
    const prop = u96Mul(u96(validatorAlpha), u96Div(u96(BigInt(out.validator_emission[uid])), totalDividends));
    const take = u96Mul(u96PerU16(takes[uid]), prop);
    const dividends = u96ToU64(take) + u96ToU64(u96Sub(prop, take));
    const incentive = ownerUids.includes(uid) ? 0n : BigInt(server);
    return incentive + dividends + (uid === ownerHotkeyUid ? alpha.ownerCut : 0n);
  });
}
