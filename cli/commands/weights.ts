import type { Command } from 'commander';
import { SubnetError } from '../../core/errors.ts';
import { action, type GlobalOptions } from '../action.ts';
import { parseIntArg, parseList, passwords, walletRef, withClient } from '../context.ts';
import { emit, examples, table, withSpinner } from '../output.ts';

interface WeightOpts {
  netuid: string;
  uids: string;
  weights: string;
  versionKey?: string;
  raw?: boolean;
}

async function pendingStore(opts: GlobalOptions) {
  const { walletPaths } = await import('../../chain/wallet/wallet.ts');
  const { PendingCommitStore } = await import('../../chain/pending-commits.ts');
  const { join } = await import('node:path');
  return new PendingCommitStore(join(walletPaths(walletRef(opts)).root, 'pending-commits.json'));
}

function parseWeights(opts: WeightOpts) {
  const uids = parseList(opts.uids, '--uids');
  const weights = parseList(opts.weights, '--weights');
  if (uids.length !== weights.length) throw new SubnetError('BAD_ARGUMENT', `--uids has ${uids.length} entries but --weights has ${weights.length}`);
  if (uids.some((u) => !Number.isInteger(u) || u > 65535)) throw new SubnetError('BAD_ARGUMENT', '--uids must be integers within 0..65535');
  const versionKey = opts.versionKey === undefined ? undefined : BigInt(parseIntArg(opts.versionKey, '--version-key'));
  return { netuid: parseIntArg(opts.netuid, '--netuid', 0, 65535), uids, weights, versionKey };
}

async function versionKeyOf(client: import('../../chain/client.ts').SubtensorClient, netuid: number, given: bigint | undefined): Promise<bigint> {
  if (given !== undefined) return given;
  return BigInt(String(await client.getHyperparameter(netuid, 'weights_version')));
}

export function register(program: Command): void {
  const weights = program
    .command('weights')
    .description('set, commit, reveal and show weights (commit-reveal v2 handled automatically)')
    .addHelpText(
      'after',
      examples([
        'subnet weights set --netuid 1 --uids 1,2 --weights 0.7,0.3 --wallet validator',
        'subnet weights commit --netuid 1 --uids 1,2 --weights 0.7,0.3 --wallet validator',
        'subnet weights reveal --netuid 1 --wallet validator',
        'subnet weights show --netuid 1',
      ]),
    );

  const weightOptions = (c: Command) =>
    c
      .requiredOption('--netuid <n>', 'subnet id')
      .requiredOption('--uids <list>', 'comma-separated destination uids')
      .requiredOption('--weights <list>', 'comma-separated non-negative weights (any scale)')
      .option('--version-key <n>', "version key (default: the subnet's weights_version)")
      .option('--raw', 'weights are final u16 values: skip process_weights and the max-upscale');

  weightOptions(weights.command('set'))
    .description("set the hotkey's weights; commits instead (and keeps the reveal data) when the subnet uses commit-reveal v2")
    .addHelpText('after', examples(['subnet weights set --netuid 1 --uids 1,2 --weights 1,1 --wallet validator --json']))
    .action(
      action<WeightOpts>(async (_args, opts) => {
        const args = parseWeights(opts);
        const { loadHotkey } = await import('../../chain/wallet/wallet.ts');
        const { submitWeights } = await import('../../chain/submit-weights.ts');
        const hotkey = await loadHotkey(walletRef(opts), await passwords());
        const pending = await pendingStore(opts);
        await withClient(opts, async (client) => {
          const versionKey = await versionKeyOf(client, args.netuid, args.versionKey);
          const r = await withSpinner(opts, 'Setting weights…', () => submitWeights(client, hotkey, { ...args, versionKey, pending, raw: opts.raw }));
          emit(
            opts,
            () =>
              r.mode === 'set'
                ? `Set weights on subnet ${args.netuid}: uids [${r.uids.join(', ')}] values [${r.values.join(', ')}] (block ${r.result.blockNumber})`
                : `Subnet ${args.netuid} uses commit-reveal: committed ${r.commit!.hash} (block ${r.result.blockNumber}); reveal later with: subnet weights reveal --netuid ${args.netuid}`,
            () => ({ netuid: args.netuid, mode: r.mode, uids: r.uids, values: r.values, versionKey, hash: r.commit?.hash, blockHash: r.result.blockHash, blockNumber: r.result.blockNumber }),
          );
        });
      }),
    );

  weightOptions(weights.command('commit'))
    .description('commit a hash of the weights (commit-reveal v2); the salt and values are kept for the reveal')
    .addHelpText('after', examples(['subnet weights commit --netuid 1 --uids 1,2 --weights 0.5,0.5 --wallet validator']))
    .action(
      action<WeightOpts>(async (_args, opts) => {
        const args = parseWeights(opts);
        const { loadHotkey } = await import('../../chain/wallet/wallet.ts');
        const { commitWeightsPersisted, weightsForChain } = await import('../../chain/submit-weights.ts');
        const hotkey = await loadHotkey(walletRef(opts), await passwords());
        const pending = await pendingStore(opts);
        await withClient(opts, async (client) => {
          if ((await client.commitRevealMode(args.netuid)) === 'timelocked') {
            throw new SubnetError('CHAIN_CR_TIMELOCKED', `subnet ${args.netuid} requires timelocked commit-reveal (v4), which subnetkit does not support yet`);
          }
          const versionKey = await versionKeyOf(client, args.netuid, args.versionKey);
          const emitW = opts.raw ? { uids: args.uids, values: args.weights } : await weightsForChain(client, args.netuid, args.uids, args.weights);
          const { result, commit } = await withSpinner(opts, 'Committing weights…', () =>
            commitWeightsPersisted(client, hotkey, { netuid: args.netuid, uids: emitW.uids, values: emitW.values, versionKey, pending }),
          );
          emit(
            opts,
            () => `Committed ${commit.hash} on subnet ${args.netuid} (block ${result.blockNumber}); reveal with: subnet weights reveal --netuid ${args.netuid}`,
            () => ({ netuid: args.netuid, hash: commit.hash, uids: commit.uids, values: commit.values, versionKey, blockHash: result.blockHash, blockNumber: result.blockNumber }),
          );
        });
      }),
    );

  weights
    .command('reveal')
    .description('reveal every pending commit of the hotkey on a subnet that is due')
    .requiredOption('--netuid <n>', 'subnet id')
    .addHelpText('after', examples(['subnet weights reveal --netuid 1 --wallet validator']))
    .action(
      action<{ netuid: string }>(async (_args, opts) => {
        const netuid = parseIntArg(opts.netuid, '--netuid', 0, 65535);
        const { loadHotkey } = await import('../../chain/wallet/wallet.ts');
        const { revealPendingCommits } = await import('../../chain/submit-weights.ts');
        const hotkey = await loadHotkey(walletRef(opts), await passwords());
        const pending = await pendingStore(opts);
        await withClient(opts, async (client) => {
          const outcomes = await withSpinner(opts, 'Revealing…', () => revealPendingCommits(client, hotkey, { netuid, pending }));
          const failed = outcomes.filter((o) => o.status === 'failed');
          emit(
            opts,
            () =>
              outcomes.length === 0
                ? `no pending commits for hotkey ${hotkey.address} on subnet ${netuid}`
                : outcomes.map((o) => `${o.hash}: ${o.status}${o.result ? ` (block ${o.result.blockNumber})` : ''}${o.status === 'not-yet' && o.revealFrom !== undefined ? ` (reveal window: blocks ${o.revealFrom}..${o.revealUntil})` : ''}${o.error ? ` — ${o.error}` : ''}`).join('\n'),
            () => ({ netuid, outcomes: outcomes.map((o) => ({ hash: o.hash, status: o.status, error: o.error, revealFrom: o.revealFrom, revealUntil: o.revealUntil, blockNumber: o.result?.blockNumber })) }),
          );
          if (failed.length) throw new SubnetError('REVEAL_FAILED', failed.map((o) => o.error).join('; '));
        });
      }),
    );

  weights
    .command('show')
    .description('the weights set on a subnet (u16 values, max 65535 per row)')
    .requiredOption('--netuid <n>', 'subnet id')
    .option('--uid <n>', 'only the row of this uid')
    .addHelpText('after', examples(['subnet weights show --netuid 1', 'subnet weights show --netuid 1 --uid 0 --json']))
    .action(
      action<{ netuid: string; uid?: string }>(async (_args, opts) => {
        const netuid = parseIntArg(opts.netuid, '--netuid', 0, 65535);
        const rows = await withClient(opts, (c) => c.getWeights(netuid));
        const only = opts.uid === undefined ? undefined : parseIntArg(opts.uid, '--uid', 0, 65535);
        const selected = [...rows.entries()].filter(([uid]) => only === undefined || uid === only);
        const text = selected.length
          ? await table(['uid', 'weights (dest:value)'], selected.map(([uid, w]) => [uid, w.map(([d, v]) => `${d}:${v}`).join(' ')]))
          : `no weights on subnet ${netuid}`;
        emit(opts, () => text, () => ({ netuid, weights: Object.fromEntries(selected.map(([uid, w]) => [uid, w])) }));
      }),
    );
}
