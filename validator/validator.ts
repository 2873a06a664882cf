import type { KeyringPair } from '@polkadot/keyring/types';
import type { SubtensorClient } from '../chain/client.ts';
import { ChainDispatchError } from '../chain/dispatch-error.ts';
import { epochsRunBy } from '../chain/epoch-schedule.ts';
import { uidOfHotkey, type Metagraph } from '../chain/metagraph.ts';
import { PendingCommitStore } from '../chain/pending-commits.ts';
import { checkTimelockedCommits, revealPendingCommits, submitWeights } from '../chain/submit-weights.ts';
import { mechanismStorageIndex } from '../chain/timelock-weights.ts';
import { describeError, SubnetError } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import { withTimeout } from '../core/timeout.ts';
import { Dendrite } from '../protocol/ws/dendrite.ts';
import type { Subnet } from '../subnet-config/subnet.ts';
import { appendAuditRecord } from './audit-trail.ts';
import { consensusReach, describeReach, type WeightPairs } from './consensus-reach.ts';
import { EpistulaRoundDendrite } from './epistula-round-dendrite.ts';
import { HttpRoundDendrite } from './http-round-dendrite.ts';
import { epochSummary, roundSummary, weightsSummary } from './log-lines.ts';
import { defaultRoundTimeoutMs, runRound, type RoundDendrite, type RoundResult } from './round.ts';
import { applyRoundScores, syncScoreState } from './score-state.ts';
import { loadOrCreateValidatorSecret } from './validator-secret.ts';
import { loadValidatorState, pendingCommitsPath, saveValidatorState, type ValidatorState } from './validator-state.ts';
import type { ValidatorMetrics } from './validator-metrics.ts';
import { nextWeightAction } from './weight-schedule.ts';

/**
 * The validator loop. Two independent activities share one persisted state:
 *
 * - the chain follower polls the head (every call bounded in time), refreshes
 *   the metagraph every `metagraph_every_blocks` (default `step_every_blocks`),
 *   checks registration and permit, and sets / commits / reveals weights on the
 *   schedule of `weight-schedule.ts`;
 * - the round loop runs a round every `step_every_blocks` blocks. When the chain
 *   is unreachable it keeps going on the wall clock (one step per expected step
 *   duration) with the last metagraph and block hash, so scores keep improving
 *   through an outage; weights follow once the chain is back.
 *
 * State is saved atomically after every round and weight action.
 */
export interface ValidatorOptions {
  netuid: number;
  /** the mechanism to set weights for (default: the definition's `validator.mechid`) */
  mechid?: number;
  subnet: Subnet;
  hotkey: KeyringPair;
  client: SubtensorClient;
  dataDir: string;
  log: Logger;
  metrics: ValidatorMetrics;
  onEvent?: (event: ValidatorEvent) => void;
  /** JSON-lines audit trail of the signed responses behind each round's scores */
  auditPath?: string;
  /** total budget of a round's queries; default from the cadence */
  roundTimeoutMs?: number;
  /** how often to poll the chain head (default 250 ms) */
  headPollMs?: number;
  /** largest miner answer read; bigger frames are refused unread and score 0 (default 8 MiB) */
  maxResponseBytes?: number;
  /** how miners are queried: `ws` (default, signed WebSocket), `bittensor-http` (the Python SDK's HTTP axon) or `epistula` (Epistula v2 signed HTTP); the HTTP answers are unsigned */
  transport?: ValidatorTransport;
  dendrite?: RoundDendrite & { close(): Promise<void> };
}

export type ValidatorTransport = 'ws' | 'bittensor-http' | 'epistula';

export type ValidatorEvent = { event: string } & Record<string, unknown>;

export type ValidatorExit = { reason: 'stopped' } | { reason: 'deregistered'; message: string };

interface Head {
  number: number;
  hash: string;
}

const CALL_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

export class Validator {
  readonly state: ValidatorState;
  private readonly o: ValidatorOptions;
  private readonly secret: string;
  private readonly pending: PendingCommitStore;
  private readonly dendrite: RoundDendrite & { close(): Promise<void> };
  private readonly cadence: Subnet['definition']['config']['validator'];
  private readonly roundTimeoutMs: number;
  /** the mechanism whose weights, last updates and incentive this validator follows */
  private readonly mechid: number;
  private metagraph?: Metagraph;
  private metagraphBlock = -1;
  private rateLimit = 0;
  private tempo = 0;
  /** the last epoch whose consensus reach was checked */
  private reachEpoch = -1;
  private selfUid?: number;
  private wasRegistered = false;
  private permitWarned?: boolean;
  private head?: Head;
  /** the first block this process saw: blocks since weights count from here until it sets some */
  private firstBlock?: number;
  private headAt = 0;
  private blockMs = 12_000;
  private chainUp = true;
  private lastRoundBlock = -Infinity;
  private lastRoundAt = 0;
  private running = false;
  private readonly sleepers = new Set<() => void>();
  private syncing?: Promise<void>;
  private exit?: ValidatorExit;
  private finished!: Promise<ValidatorExit>;
  private finish!: (e: ValidatorExit) => void;
  private readonly loops: Promise<void>[] = [];
  /** the last block timelocked commits were checked at: at most one check per block */
  private timelockCheckBlock = -1;

  constructor(options: ValidatorOptions) {
    this.o = options;
    this.cadence = options.subnet.definition.config.validator;
    this.roundTimeoutMs = options.roundTimeoutMs ?? defaultRoundTimeoutMs(this.cadence);
    this.mechid = options.mechid ?? this.cadence.mechid;
    this.state = loadValidatorState(options.dataDir, options.netuid, options.hotkey.address);
    this.secret = loadOrCreateValidatorSecret(options.dataDir);
    this.pending = new PendingCommitStore(pendingCommitsPath(options.dataDir));
    this.dendrite = options.dendrite ?? createDendrite(options, this.cadence.timeout_ms);
    // timelocked commits of an earlier run: the chain holds them, only their outcome is left to check
    options.metrics.timelockedPending.set(this.pending.listTimelocked({ netuid: options.netuid, hotkey: options.hotkey.address }).length);
    this.finished = new Promise((resolve) => (this.finish = resolve));
  }

  get uid(): number | undefined {
    return this.selfUid;
  }

  /** First head and metagraph; throws if the chain cannot give them. */
  async start(): Promise<{ block: number; uid?: number; n: number }> {
    const head = await this.readHead();
    this.onHead(head);
    await this.refreshMetagraph(head.number);
    this.publishScores();
    this.running = true;
    this.o.client.on('disconnected', () => this.setChainUp(false, 'disconnected'));
    this.o.client.on('reconnected', () => this.setChainUp(true, 'reconnected'));
    this.loops.push(this.followChain(), this.roundLoop());
    return { block: head.number, uid: this.selfUid, n: this.metagraph!.n };
  }

  /** Resolves when the validator stops (stop() or deregistration). */
  wait(): Promise<ValidatorExit> {
    return this.finished;
  }

  /** Graceful shutdown: lets the round in flight finish (bounded by its timeout), saves, closes connections. */
  async stop(): Promise<void> {
    this.end({ reason: 'stopped' });
    await Promise.allSettled([...this.loops, this.syncing]);
    saveValidatorState(this.o.dataDir, this.state);
    await this.dendrite.close().catch(() => undefined);
  }

  private end(exit: ValidatorExit): void {
    if (!this.running && this.exit) return;
    this.running = false;
    this.exit ??= exit;
    this.wakeAll();
    this.finish(this.exit);
  }

  private emit(event: ValidatorEvent): void {
    this.o.onEvent?.(event);
  }

  // ------------------------------------------------------------ chain

  private async readHead(): Promise<Head> {
    const header = await withTimeout(this.o.client.api.rpc.chain.getHeader(), CALL_TIMEOUT_MS, 'chain_getHeader');
    return { number: header.number.toNumber(), hash: header.hash.toHex() };
  }

  private onHead(head: Head): void {
    if (this.head && head.number <= this.head.number) return;
    const now = performance.now();
    if (this.head && this.headAt > 0) {
      const perBlock = (now - this.headAt) / (head.number - this.head.number);
      this.blockMs = 0.8 * this.blockMs + 0.2 * perBlock;
      if (this.blockMs > 60_000) this.blockMs = 60_000;
    } else if (this.blockMs === 12_000) {
      this.blockMs = 1_000;
    }
    this.head = head;
    this.headAt = now;
    this.firstBlock ??= head.number;
    this.o.metrics.block.set(head.number);
    this.o.metrics.blocksSinceWeights.set(head.number - (this.state.lastWeights?.block ?? this.firstBlock));
    this.wakeAll();
  }

  private setChainUp(up: boolean, why: string): void {
    // the gauge follows every observation, not only changes: it starts at 0 before the first head
    this.o.metrics.chainConnected.set(up ? 1 : 0);
    if (this.chainUp === up) return;
    this.chainUp = up;
    if (up) this.o.log.info({ why }, 'chain is back');
    else this.o.log.warn({ why }, 'chain unreachable: scoring continues, weights wait for the chain');
    this.emit({ event: 'chain', status: up ? 'up' : 'down', reason: why });
    if (up && this.state.nextRetryBlock !== null && this.state.weightFailures > 0) {
      // a failure caused by the outage is retried as soon as the chain is back
      this.state.nextRetryBlock = null;
    }
  }

  private async followChain(): Promise<void> {
    const pollMs = this.o.headPollMs ?? 250;
    while (this.running) {
      try {
        const head = await this.readHead();
        this.setChainUp(true, 'head');
        this.onHead(head);
      } catch (err) {
        this.setChainUp(false, describeError(err));
      }
      // sync and weights run beside the head poll: a weight tx waiting for inclusion must not stall it
      if (this.chainUp && this.head && !this.syncing) {
        this.syncing = this.syncTick(this.head)
          .catch((err: unknown) => this.o.log.warn({ err: describeError(err) }, 'chain sync step failed; retrying next block'))
          .finally(() => (this.syncing = undefined));
      }
      await this.sleep(pollMs);
    }
  }

  private async syncTick(head: Head): Promise<void> {
    if (head.number - this.metagraphBlock >= (this.cadence.metagraph_every_blocks ?? this.cadence.step_every_blocks)) await this.refreshMetagraph(head.number);
    if (!this.running) return;
    await this.weightTick(head.number);
    if (!this.running) return;
    await this.reachTick(head.number);
  }

  /**
   * Once per epoch: warns when the permitted stake that agrees with this
   * validator's weights is under κ. Yuma then clips every weight to 0 and the
   * miners it scores well earn nothing, which its own scores cannot show.
   */
  private async reachTick(block: number): Promise<void> {
    const uid = this.selfUid;
    const metagraph = this.metagraph;
    if (uid === undefined || !metagraph || !metagraph.validatorPermit[uid] || this.tempo <= 0) return;
    // once per epoch the chain ran
    const epoch = epochsRunBy(this.o.netuid, this.tempo, block);
    if (epoch === this.reachEpoch) return;
    const scores = this.state.scores.scores;
    // judge the weights it is about to set; before its first round, the row it has on chain
    const own: WeightPairs | undefined = this.state.round > 0 && scores.some((s) => s > 0) ? scores.map((s, i) => [i, i === uid ? 0 : s] as const) : undefined;
    this.reachEpoch = epoch;
    const [rows, kappa] = await Promise.all([
      withTimeout(this.o.client.getWeights(mechanismStorageIndex(this.o.netuid, this.mechid)), CALL_TIMEOUT_MS * 3, 'weights'),
      withTimeout(this.o.client.getHyperparameter(this.o.netuid, 'kappa'), CALL_TIMEOUT_MS, 'kappa'),
    ]);
    const weights = Array.from({ length: metagraph.n }, (_, i) => rows.get(i) ?? []);
    const reach = consensusReach({ stake: metagraph.stake, validatorPermit: metagraph.validatorPermit, weights, kappa: Number(kappa) / 65535 }, uid, own);
    if (reach && !reach.formsConsensus) this.warn('consensus-out-of-reach', describeReach(reach, 'you'));
  }

  private async refreshMetagraph(block: number): Promise<void> {
    const [metagraph, rateLimit, tempo] = await Promise.all([
      withTimeout(this.o.client.getMetagraph(this.o.netuid, { mechid: this.mechid }), CALL_TIMEOUT_MS * 3, 'metagraph'),
      withTimeout(this.o.client.getHyperparameter(this.o.netuid, 'weights_rate_limit'), CALL_TIMEOUT_MS, 'weights_rate_limit').catch(() => this.rateLimit),
      withTimeout(this.o.client.getHyperparameter(this.o.netuid, 'tempo'), CALL_TIMEOUT_MS, 'tempo').catch(() => undefined),
    ]);
    this.metagraph = metagraph;
    this.metagraphBlock = block;
    this.rateLimit = Number(rateLimit);
    if (tempo !== undefined) this.tempo = Number(tempo);
    this.noteEpoch(metagraph, tempo === undefined ? undefined : Number(tempo));
    const sync = syncScoreState(this.state.scores, metagraph.hotkeys);
    const resized = sync.state.hotkeys.length !== this.state.scores.hotkeys.length;
    if (sync.reset.length > 0 || resized) {
      if (sync.reset.length > 0) this.o.log.info({ uids: sync.reset }, 'hotkeys changed: scores of these uids reset');
      this.state.scores = sync.state;
      saveValidatorState(this.o.dataDir, this.state);
    }
    this.emit({ event: 'metagraph', block, n: metagraph.n, reset: sync.reset });
    const uid = uidOfHotkey(metagraph, this.o.hotkey.address);
    if (uid === undefined) {
      this.selfUid = undefined;
      if (this.wasRegistered) {
        const message = `hotkey ${this.o.hotkey.address} was deregistered from subnet ${this.o.netuid} (seen at block ${block}); stopping`;
        this.o.log.error(message);
        this.emit({ event: 'deregistered', block, message });
        this.end({ reason: 'deregistered', message });
        return;
      }
      this.warnOnce(
        'unregistered',
        `hotkey ${this.o.hotkey.address} is not registered on subnet ${this.o.netuid}: scoring anyway, weights wait for registration`,
      );
      return;
    }
    this.selfUid = uid;
    this.wasRegistered = true;
    const permit = metagraph.validatorPermit[uid] === true;
    if (!permit && this.permitWarned !== true) {
      this.permitWarned = true;
      this.warn('no-permit', `uid ${uid} has no validator permit yet: scoring anyway, weights are set once the permit arrives`);
    } else if (permit && this.permitWarned !== false) {
      if (this.permitWarned === true) this.o.log.info({ uid }, 'validator permit granted');
      this.permitWarned = false;
    }
  }

  /** Logs one line per epoch that ran since the last metagraph read (the incentive it paid). */
  private noteEpoch(metagraph: Metagraph, tempo: number | undefined): void {
    if (tempo === undefined || !Number.isFinite(tempo) || tempo <= 0) return;
    const epoch = epochsRunBy(this.o.netuid, tempo, metagraph.block);
    if (this.epoch !== undefined && epoch > this.epoch) {
      const summary = epochSummary(metagraph.block, metagraph.incentive);
      this.o.log.info(summary.fields, summary.line);
    }
    this.epoch = epoch;
  }

  private epoch: number | undefined;

  private readonly warned = new Set<string>();

  private warnOnce(code: string, message: string): void {
    if (this.warned.has(code)) return;
    this.warned.add(code);
    this.warn(code, message);
  }

  private warn(code: string, message: string): void {
    this.o.log.warn({ code }, message);
    this.emit({ event: 'warning', code, message });
  }

  private async weightTick(block: number): Promise<void> {
    await this.checkTimelocked(block);
    const uid = this.selfUid;
    const metagraph = this.metagraph;
    if (uid === undefined || !metagraph || !metagraph.validatorPermit[uid]) return;
    const pendingCommits = this.pending.list({ netuid: this.o.netuid, hotkey: this.o.hotkey.address }).length;
    const action = nextWeightAction({
      block,
      cadenceBlocks: this.cadence.weights_every_blocks,
      rateLimit: this.rateLimit,
      lastUpdate: metagraph.lastUpdate[uid] ?? 0,
      lastSetBlock: this.state.lastSetBlock,
      nextRetryBlock: this.state.nextRetryBlock,
      pendingCommits,
    });
    if (action.kind === 'wait') return;
    if (action.kind === 'reveal') return this.reveal(block);
    const weights = this.state.scores.scores.map((s, i) => (i === uid ? 0 : s));
    // the round whose scores these weights carry: inclusion can come several rounds later
    const round = this.state.round;
    if (round === 0 || !weights.some((w) => w > 0)) return;
    const uids = weights.map((_, i) => i);
    try {
      const r = await submitWeights(this.o.client, this.o.hotkey, {
        netuid: this.o.netuid,
        mechid: this.mechid,
        uids,
        weights,
        versionKey: this.o.subnet.definition.config.version,
        pending: this.pending,
      });
      const at = r.result.blockNumber >= 0 ? r.result.blockNumber : block;
      this.state.lastSetBlock = at;
      this.state.nextRetryBlock = null;
      this.state.weightFailures = 0;
      if (r.mode === 'set') this.state.lastWeights = { block: at, uids: r.uids, values: r.values, mode: 'set' };
      saveValidatorState(this.o.dataDir, this.state);
      this.o.metrics.weightsSet.inc({ result: 'success', action: r.mode, error: '' });
      if (r.mode === 'set') this.o.metrics.blocksSinceWeights.set(0);
      const tl = r.timelocked;
      if (tl) this.o.metrics.timelockedPending.set(this.pending.listTimelocked({ netuid: this.o.netuid, hotkey: this.o.hotkey.address }).length);
      const detail = tl ? { hash: tl.hash, revealRound: tl.revealRound, revealEpoch: tl.revealEpoch, firstRevealBlock: tl.firstRevealBlock } : {};
      const summary = weightsSummary(r.mode, at, r.uids.length);
      this.o.log.info(
        { ...summary.fields, commitReveal: r.commitReveal, ...detail },
        tl ? `${summary.line}  timelocked to drand round ${tl.revealRound}` : summary.line,
      );
      this.emit({ event: 'weights', action: r.mode, commitReveal: r.commitReveal, ok: true, block: at, round, uids: r.uids, values: r.values, ...detail });
    } catch (err) {
      this.weightFailure('submit', block, err);
    }
  }

  /**
   * Once a timelocked commit's reveal epoch has come, checks whether the chain applied it.
   * The chain drops a commit it cannot use without any error or event, so a drop is said
   * here, loudly: a warning, an event and a metric with the reason found.
   */
  private async checkTimelocked(block: number): Promise<void> {
    if (block <= this.timelockCheckBlock) return;
    const mine = { netuid: this.o.netuid, hotkey: this.o.hotkey.address };
    const held = this.pending.listTimelocked(mine);
    if (!held.some((c) => block >= c.firstRevealBlock)) return;
    this.timelockCheckBlock = block;
    let outcomes;
    try {
      outcomes = await checkTimelockedCommits(this.o.client, this.o.hotkey.address, { ...mine, pending: this.pending });
    } catch (err) {
      this.o.log.warn({ err: describeError(err) }, 'could not check timelocked commits; retrying next block');
      return;
    }
    const byHash = new Map(held.map((c) => [c.hash, c]));
    for (const o of outcomes) {
      const c = byHash.get(o.hash)!;
      if (o.status === 'revealed') {
        this.state.lastWeights = { block, uids: c.uids, values: c.values, mode: 'reveal' };
        this.state.weightFailures = 0;
        saveValidatorState(this.o.dataDir, this.state);
        this.o.metrics.timelockedOutcomes.inc({ status: 'revealed', reason: '' });
        this.o.metrics.blocksSinceWeights.set(0);
        this.o.log.info(
          { hash: o.hash, revealRound: o.revealRound, revealEpoch: o.revealEpoch, superseded: o.superseded },
          'timelocked weights revealed by the chain',
        );
        this.emit({
          event: 'weights',
          action: 'timelocked-reveal',
          ok: true,
          block,
          hash: o.hash,
          revealRound: o.revealRound,
          superseded: o.superseded,
          uids: c.uids,
          values: c.values,
        });
      } else if (o.status === 'dropped') {
        this.o.metrics.timelockedOutcomes.inc({ status: 'dropped', reason: o.reason ?? 'unknown' });
        this.o.log.warn(
          { code: 'TIMELOCKED_COMMIT_DROPPED', hash: o.hash, reason: o.reason, revealRound: o.revealRound, revealEpoch: o.revealEpoch },
          `the chain silently dropped timelocked commit ${o.hash}: ${o.detail}`,
        );
        this.emit({ event: 'warning', code: 'TIMELOCKED_COMMIT_DROPPED', message: o.detail, hash: o.hash, reason: o.reason, revealRound: o.revealRound });
        this.emit({ event: 'weights', action: 'timelocked-reveal', ok: false, block, hash: o.hash, reason: o.reason, error: o.detail });
      }
    }
    this.o.metrics.timelockedPending.set(this.pending.listTimelocked(mine).length);
  }

  private async reveal(block: number): Promise<void> {
    // the store forgets a commit once revealed: keep what it held, to report it
    const held = new Map(this.pending.list({ netuid: this.o.netuid, hotkey: this.o.hotkey.address }).map((c) => [c.hash, c]));
    let outcomes;
    try {
      outcomes = await revealPendingCommits(this.o.client, this.o.hotkey, { netuid: this.o.netuid, pending: this.pending });
    } catch (err) {
      this.weightFailure('reveal', block, err);
      return;
    }
    for (const o of outcomes) {
      if (o.status === 'revealed' && o.result) {
        const revealed = held.get(o.hash);
        this.state.lastWeights = { block: o.result.blockNumber, uids: revealed?.uids ?? [], values: revealed?.values ?? [], mode: 'reveal' };
        this.state.weightFailures = 0;
        saveValidatorState(this.o.dataDir, this.state);
        this.o.metrics.weightsSet.inc({ result: 'success', action: 'reveal', error: '' });
        this.o.metrics.blocksSinceWeights.set(0);
        const summary = weightsSummary('reveal', o.result.blockNumber, revealed?.uids.length ?? 0);
        this.o.log.info({ ...summary.fields, hash: o.hash }, summary.line);
        this.emit({ event: 'weights', action: 'reveal', ok: true, block: o.result.blockNumber, hash: o.hash, uids: revealed?.uids, values: revealed?.values });
      } else if (o.status === 'expired' || o.status === 'failed') {
        this.o.metrics.weightsSet.inc({ result: 'failure', action: 'reveal', error: o.error ?? o.status });
        this.o.log.warn({ hash: o.hash, status: o.status, error: o.error }, 'reveal did not happen');
        this.emit({ event: 'weights', action: 'reveal', ok: false, block, hash: o.hash, status: o.status, error: o.error });
      }
    }
  }

  private weightFailure(action: string, block: number, err: unknown): void {
    const name = err instanceof ChainDispatchError ? err.error : err instanceof SubnetError ? err.code : 'ERROR';
    const onChain = err instanceof ChainDispatchError || (err instanceof SubnetError && err.code === 'CHAIN_INVALID_TX');
    this.state.weightFailures++;
    // refused by the chain: next window; transport trouble: next block once connected
    this.state.nextRetryBlock = onChain ? block + Math.max(1, this.cadence.weights_every_blocks) : block + 1;
    saveValidatorState(this.o.dataDir, this.state);
    this.o.metrics.weightsSet.inc({ result: 'failure', action, error: name });
    this.o.log.warn({ error: name, action, retryAt: this.state.nextRetryBlock }, `weights ${action} failed: ${describeError(err)}`);
    this.emit({ event: 'weights', action, ok: false, block, error: name, message: describeError(err), retryAt: this.state.nextRetryBlock });
  }

  // ------------------------------------------------------------ rounds

  private roundDue(): boolean {
    if (!this.head || !this.metagraph) return false;
    if (this.head.number - this.lastRoundBlock >= this.cadence.step_every_blocks) return true;
    // chain stalled or down: keep the same rhythm on the wall clock
    const stepMs = Math.max(1_000, this.blockMs * this.cadence.step_every_blocks);
    return performance.now() - this.lastRoundAt >= stepMs * 2 && performance.now() - this.headAt >= stepMs * 2;
  }

  private async roundLoop(): Promise<void> {
    while (this.running) {
      if (!this.roundDue()) {
        await this.sleep(1_000);
        continue;
      }
      try {
        await this.runOneRound();
      } catch (err) {
        this.o.log.error({ err: describeError(err) }, 'round failed');
        this.emit({ event: 'round-failed', error: describeError(err) });
        await this.sleep(1_000);
      }
    }
  }

  private async runOneRound(): Promise<void> {
    const head = this.head!;
    const metagraph = this.metagraph!;
    const round = this.state.round + 1;
    this.lastRoundBlock = head.number;
    this.lastRoundAt = performance.now();
    const result = await runRound({
      round,
      block: head.number,
      blockHash: head.hash,
      validatorSecret: this.secret,
      metagraph,
      selfUid: this.selfUid,
      lastObservedRound: this.state.scores.lastObservedRound,
      subnet: this.o.subnet,
      dendrite: this.dendrite,
      roundTimeoutMs: this.roundTimeoutMs,
    });
    // Miners may refuse callers without a validator permit (the template's default). While we
    // have none, such a refusal says nothing about the miner: it leaves its score untouched.
    const permitted = this.selfUid !== undefined && metagraph.validatorPermit[this.selfUid] === true;
    const refused = new Set(result.responses.filter((r) => r.errorCode === 'BLACKLISTED').map((r) => r.uid));
    // the metagraph may have changed hands during the round: only fold scores of unchanged uids
    const observations = result.observations.filter((o) => this.state.scores.hotkeys[o.uid] === metagraph.hotkeys[o.uid] && (permitted || !refused.has(o.uid)));
    this.state.scores = applyRoundScores(this.state.scores, observations, this.cadence.ema_alpha, round);
    this.state.round = round;
    saveValidatorState(this.o.dataDir, this.state);
    if (this.o.auditPath) this.audit(result);
    this.record(result);
  }

  private audit(result: RoundResult): void {
    const byId = new Map(result.challenges.map((c) => [c.id, c]));
    try {
      appendAuditRecord(this.o.auditPath!, {
        round: result.round,
        block: result.block,
        blockHash: result.blockHash,
        seed: result.seed,
        validatorHotkey: this.o.hotkey.address,
        synapse: this.o.subnet.definition.config.challenge.synapse,
        challenge: result.challenges.map((c) => ({ id: c.id, seed: c.seed, request: c.request })),
        responses: result.responses.map((r) => ({
          uid: r.uid,
          hotkey: r.hotkey,
          status: r.status,
          latencyMs: r.latencyMs,
          score: r.reward,
          signed: r.provenance ? { provenance: r.provenance, body: r.bodyBytes, challenge: r.challengeId && byId.get(r.challengeId)?.seed } : undefined,
        })),
        time: new Date().toISOString(),
      });
    } catch (err) {
      this.o.log.warn({ err: describeError(err) }, 'could not append to the audit trail');
    }
  }

  private record(result: RoundResult): void {
    const m = this.o.metrics;
    m.rounds.inc();
    m.roundDuration.observe(result.durationMs / 1000);
    const counts: Record<string, number> = {};
    for (const r of result.responses) {
      counts[r.status] = (counts[r.status] ?? 0) + 1;
      m.responses.inc({ status: r.status });
      m.roundScores.observe(r.reward);
      m.minerScore.set({ uid: String(r.uid) }, r.reward);
      if (r.status === 'ok') {
        m.latency.observe(r.latencyMs / 1000);
        m.minerLatency.set({ uid: String(r.uid) }, r.latencyMs / 1000);
      }
    }
    this.publishScores();
    const summary = roundSummary(result);
    this.o.log.info(summary.fields, summary.line);
    this.emit({
      event: 'round',
      round: result.round,
      block: result.block,
      chain: this.chainUp ? 'up' : 'down',
      durationMs: Math.round(result.durationMs),
      statuses: counts,
      rewards: Object.fromEntries(result.responses.map((r) => [r.uid, r.reward])),
      latencyMs: Object.fromEntries(result.responses.filter((r) => r.status === 'ok').map((r) => [r.uid, Math.round(r.latencyMs * 10) / 10])),
      scores: this.state.scores.scores,
    });
  }

  private publishScores(): void {
    this.state.scores.scores.forEach((s, uid) => this.o.metrics.emaScore.set({ uid: String(uid) }, s));
  }

  /** Sleeps up to `ms`; a new head or stop() wakes every sleeper early. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.sleepers.add(done);
    });
  }

  private wakeAll(): void {
    for (const w of [...this.sleepers]) w();
  }
}

function createDendrite(o: ValidatorOptions, timeoutMs: number): RoundDendrite & { close(): Promise<void> } {
  const maxResponseBytes = o.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  if (o.transport === 'epistula') return new EpistulaRoundDendrite({ keypair: o.hotkey, maxResponseBytes });
  if (o.transport === 'bittensor-http') {
    const synapses = o.subnet.definition.config.synapses;
    return new HttpRoundDendrite({
      keypair: o.hotkey,
      maxResponseBytes,
      responseFields: (synapse) => Object.keys(synapses[synapse]?.response.properties ?? {}),
      requiredHashFields: (synapse) => synapses[synapse]?.required_hash_fields,
    });
  }
  return new Dendrite({ keypair: o.hotkey, connectTimeoutMs: timeoutMs, maxFrameBytes: maxResponseBytes });
}
