import type { Command } from 'commander';
import type { StoredTimelockedCommit, SubtensorClient } from '../../chain/client.ts';
import type { Metagraph } from '../../chain/metagraph.ts';
import { formatAmount, formatTao, RAO_PER_TAO, taoValue } from '../../chain/units.ts';
import { diagnoseConsensus, type ConsensusDiagnosis } from '../../validator/consensus-reach.ts';
import { action } from '../action.ts';
import { parseIntArg, withClient } from '../context.ts';
import { emit, examples, table } from '../output.ts';

/**
 * Each uid's stake in TAO (RAO) at `price` (RAO per alpha, the SwapRuntimeApi's current price).
 * The metagraph holds stake as a float of alpha; its base units are recovered to the RAO.
 */
export function stakeValues(mg: Metagraph, price: bigint): bigint[] {
  return Array.from(mg.stake, (alpha) => taoValue(BigInt(Math.round(alpha * Number(RAO_PER_TAO))), price));
}

/**
 * The metagraph as plain JSON (typed arrays → arrays), field names as in chain/metagraph.ts,
 * plus the alpha's price and each stake's TAO value at it (`stakeValue`, τ; `stakeValueRao`).
 */
export function metagraphJson(mg: Metagraph, price: bigint) {
  const values = stakeValues(mg, price);
  return {
    netuid: mg.netuid,
    block: mg.block,
    n: mg.n,
    uids: Array.from(mg.uids),
    hotkeys: mg.hotkeys,
    coldkeys: mg.coldkeys,
    stake: Array.from(mg.stake),
    alphaPrice: formatAmount(price),
    alphaPriceRao: price,
    stakeValue: values.map(formatAmount),
    stakeValueRao: values,
    rank: Array.from(mg.rank),
    trust: Array.from(mg.trust),
    consensus: Array.from(mg.consensus),
    incentive: Array.from(mg.incentive),
    dividends: Array.from(mg.dividends),
    emission: Array.from(mg.emission),
    validatorTrust: Array.from(mg.validatorTrust),
    validatorPermit: mg.validatorPermit,
    active: mg.active,
    lastUpdate: Array.from(mg.lastUpdate),
    blockAtRegistration: Array.from(mg.blockAtRegistration),
    axons: mg.axons,
  };
}

const f = (x: number, d = 5) => x.toFixed(d);

/** Stake and emission are the subnet's alpha, labelled with its `symbol`; the stake's value at `price` (RAO per alpha) is τ. */
export async function metagraphTable(mg: Metagraph, symbol: string, price: bigint): Promise<string> {
  const values = stakeValues(mg, price);
  const rows: (string | number)[][] = [];
  for (let uid = 0; uid < mg.n; uid++) {
    const ax = mg.axons[uid];
    rows.push([
      uid,
      mg.hotkeys[uid].slice(0, 10) + '…',
      f(mg.stake[uid], 9),
      formatAmount(values[uid]),
      f(mg.consensus[uid]),
      f(mg.incentive[uid]),
      f(mg.dividends[uid]),
      f(mg.emission[uid], 9),
      f(mg.validatorTrust[uid]),
      mg.validatorPermit[uid] ? '*' : '',
      mg.active[uid] ? '*' : '',
      mg.lastUpdate[uid],
      ax.port ? `${ax.ip}:${ax.port}` : '-',
    ]);
  }
  const sum = (a: ArrayLike<number>) => Array.from(a).reduce((x, y) => x + y, 0);
  rows.push([
    'total',
    '',
    f(sum(mg.stake), 9),
    formatAmount(values.reduce((a, b) => a + b, 0n)),
    f(sum(mg.consensus)),
    f(sum(mg.incentive)),
    f(sum(mg.dividends)),
    f(sum(mg.emission), 9),
    f(sum(mg.validatorTrust)),
    mg.validatorPermit.filter(Boolean).length,
    mg.active.filter(Boolean).length,
    '',
    '',
  ]);
  return table(
    [
      'uid',
      'hotkey',
      `stake ${symbol}`,
      'value τ',
      'consensus',
      'incentive',
      'dividends',
      `emission ${symbol}`,
      'vtrust',
      'vpermit',
      'active',
      'updated',
      'axon',
    ],
    rows,
  );
}

/** `mechanism 1 of 2 (25.0 % of the miner emission)`: which mechanism the incentive column is, and its share. */
export function mechanismText(mechid: number, count: number, split: number[] | undefined): string {
  const share = split === undefined ? 1 / count : (split[mechid] ?? 0) / 65535;
  return `mechanism ${mechid} of ${count} (${(share * 100).toFixed(1)} % of the miner emission${split === undefined ? ', even split' : ''}); incentive and updates are this mechanism's`;
}

/** The consensus diagnosis under the table: what keeps miners from earning, or that nothing does. */
export function consensusText(d: ConsensusDiagnosis): string {
  const kappa = `κ ${Math.round(d.kappa * 100)} %`;
  if (d.problems.length > 0) return d.problems.map((p) => `consensus (${kappa}): ${p}`).join('\n');
  if (d.validators.length === 0) return `consensus (${kappa}): no validator holds a permit yet`;
  return `consensus (${kappa}): the weights of every validator that sets them can form consensus (uids ${d.validators.map((v) => v.uid).join(', ')})`;
}

/** `TimelockedWeightCommits` of the subnet and `Drand.LastStoredRound`; undefined on a runtime without commit-reveal v4. */
async function pendingTimelocked(c: SubtensorClient, netuid: number): Promise<{ commits: StoredTimelockedCommit[]; lastStoredRound?: number } | undefined> {
  if (!c.hasStorage('SubtensorModule', 'TimelockedWeightCommits')) return undefined;
  const [commits, lastStoredRound] = await Promise.all([c.getTimelockedCommits(netuid), c.getDrandLastStoredRound()]);
  return { commits, lastStoredRound };
}

/** Pending timelocked commits per validator; revealed ones have left storage (see `subnet weights status` for your own). */
export function timelockedText(pending: { uid: number; commitBlock: number; epoch: number; revealRound: number; roundArrived: boolean }[]): string {
  if (pending.length === 0) return 'timelocked commits: none pending';
  return [
    `timelocked commits pending (${pending.length}):`,
    ...pending.map(
      (c) =>
        `  uid ${c.uid >= 0 ? c.uid : '—'}  committed at block ${c.commitBlock} (epoch ${c.epoch})  drand round ${c.revealRound}: ${c.roundArrived ? 'round arrived, reveals at the start of a block of its reveal epoch' : 'waiting for the round'}`,
    ),
  ].join('\n');
}

export function register(program: Command): void {
  program
    .command('metagraph')
    .description(
      "the metagraph of a subnet: a table with totals, whether the validators' weights can form consensus, and pending timelocked commits; or --json",
    )
    .requiredOption('--netuid <n>', 'subnet id')
    .option('--mechid <n>', 'one mechanism of the subnet: its incentive, last updates, weights and commits (default 0, the main one)')
    .addHelpText(
      'after',
      examples(['subnet metagraph --netuid 1', 'subnet metagraph --netuid 1 --json | jq .incentive', 'subnet metagraph --netuid 1 --mechid 1']),
    )
    .action(
      action<{ netuid: string; mechid?: string }>(async (_args, opts) => {
        const netuid = parseIntArg(opts.netuid, '--netuid', 0, 65535);
        const mechid = opts.mechid === undefined ? 0 : parseIntArg(opts.mechid, '--mechid', 0, 15);
        const { mechanismStorageIndex } = await import('../../chain/timelock-weights.ts');
        const index = mechanismStorageIndex(netuid, mechid);
        const [mg, rows, kappa, symbol, timelocked, mechanismCount, split, price] = await withClient(opts, (c) =>
          Promise.all([
            c.getMetagraph(netuid, { mechid }),
            c.getWeights(index),
            c.getHyperparameter(netuid, 'kappa'),
            c.alphaSymbol(netuid),
            pendingTimelocked(c, index),
            c.getMechanismCount(netuid),
            c.getMechanismEmissionSplit(netuid),
            c.alphaPrice(netuid),
          ]),
        );
        const diagnosis = diagnoseConsensus({
          stake: mg.stake,
          validatorPermit: mg.validatorPermit,
          weights: Array.from({ length: mg.n }, (_, uid) => rows.get(uid) ?? []),
          kappa: Number(kappa) / 65535,
        });
        const pending = timelocked?.commits.map((c) => ({
          ...c,
          uid: mg.hotkeys.indexOf(c.hotkey),
          roundArrived: timelocked.lastStoredRound !== undefined && timelocked.lastStoredRound >= c.revealRound,
        }));
        const text = [
          `metagraph of subnet ${netuid} at block ${mg.block}: ${mg.n} neurons${mechanismCount > 1 ? `; ${mechanismText(mechid, mechanismCount, split)}` : ''}`,
          `price ${formatTao(price)} per ${symbol}; the value column is each stake at that price, before slippage`,
          await metagraphTable(mg, symbol, price),
          consensusText(diagnosis),
          ...(pending ? [timelockedText(pending)] : []),
        ].join('\n');
        emit(
          opts,
          () => text,
          () => ({
            ...metagraphJson(mg, price),
            mechid,
            mechanismCount,
            emissionSplit: split ?? null,
            alphaSymbol: symbol,
            diagnosis,
            ...(pending ? { timelockedCommits: pending } : {}),
          }),
        );
      }),
    );
}
