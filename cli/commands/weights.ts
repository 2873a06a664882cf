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
  mechid?: string;
  dryRun?: boolean;
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
  const mechid = opts.mechid === undefined ? 0 : parseIntArg(opts.mechid, '--mechid', 0, 15);
  return { netuid: parseIntArg(opts.netuid, '--netuid', 0, 65535), uids, weights, versionKey, mechid };
}

type Client = import('../../chain/client.ts').SubtensorClient;

/**
 * What `weights commit` sends, built from the same chain reads as the real thing and
 * sent nowhere: the call, and for a timelocked commit the reveal round, the ciphertext
 * and the payload inside it. A v2 dry run draws its own salt, so its hash is an example.
 */
async function dryRunCommit(client: Client, hotkey: string, args: { netuid: number; mechid: number; uids: number[]; values: number[]; versionKey: bigint }) {
  const { mode, version } = await client.commitRevealInfo(args.netuid);
  const payload = { hotkey, uids: args.uids, values: args.values, versionKey: args.versionKey };
  if (mode === 'timelocked') {
    const { planTimelockedCommit } = await import('../../chain/submit-weights.ts');
    const plan = await planTimelockedCommit(client, hotkey, { ...args, chainVersion: version });
    const r = plan.record;
    return {
      mode,
      call: plan.call,
      netuid: args.netuid,
      mechid: args.mechid,
      revealRound: r.revealRound,
      commitRevealVersion: plan.version,
      commit: r.commit,
      commitHash: r.hash,
      commitEpoch: r.commitEpoch,
      revealEpoch: r.revealEpoch,
      firstRevealBlock: r.firstRevealBlock,
      beacon: plan.beacon,
      blockTimeSeconds: plan.blockTimeSeconds,
      payload,
    };
  }
  if (mode === 'v2') {
    const { u8aToHex } = await import('@polkadot/util');
    const { decodeAddress } = await import('@polkadot/util-crypto');
    const { commitHash, generateSalt } = await import('../../chain/commit-reveal.ts');
    const salt = generateSalt();
    const reveal = { netuid: args.netuid, mechid: args.mechid, uids: args.uids, values: args.values, salt, versionKey: args.versionKey };
    const hash = u8aToHex(commitHash(decodeAddress(hotkey), reveal));
    const call = args.mechid === 0 ? 'commit_weights' : 'commit_mechanism_weights';
    return { mode, call, netuid: args.netuid, mechid: args.mechid, hash, payload: { ...payload, salt } };
  }
  return { mode, call: args.mechid === 0 ? 'set_weights' : 'set_mechanism_weights', netuid: args.netuid, mechid: args.mechid, payload };
}

function describeDryRun(d: Awaited<ReturnType<typeof dryRunCommit>>): string {
  const w = `uids [${d.payload.uids.join(', ')}] values [${d.payload.values.join(', ')}] version key ${d.payload.versionKey}`;
  if (d.mode === 'timelocked' && 'revealRound' in d) {
    return `Would send ${d.call} on subnet ${d.netuid}${mechanismLabel(d.mechid)}: ${d.commit.length / 2 - 1} bytes encrypted to drand round ${d.revealRound} (reveal epoch ${d.revealEpoch}, about block ${d.firstRevealBlock}); payload hotkey ${d.payload.hotkey}, ${w}`;
  }
  if (d.mode === 'v2' && 'hash' in d) return `Would send ${d.call} on subnet ${d.netuid}${mechanismLabel(d.mechid)} with hash ${d.hash} (example salt); ${w}`;
  return `Commit-reveal is off on subnet ${d.netuid}: would send ${d.call}${mechanismLabel(d.mechid)} with ${w}`;
}

function mechanismLabel(mechid: number): string {
  return mechid === 0 ? '' : ` mechanism ${mechid}`;
}

function describeOutcome(o: import('../../chain/timelock-outcome.ts').TimelockedOutcome): string {
  const why = o.reason ? ` (${o.reason})` : '';
  return `${o.hash}: ${o.status}${why}${o.superseded ? ' (superseded)' : ''} — ${o.detail}`;
}

async function versionKeyOf(client: import('../../chain/client.ts').SubtensorClient, netuid: number, given: bigint | undefined): Promise<bigint> {
  if (given !== undefined) return given;
  return BigInt(String(await client.getHyperparameter(netuid, 'weights_version')));
}

export function register(program: Command): void {
  const weights = program
    .command('weights')
    .description('set, commit, reveal and show weights (commit-reveal v2 and timelocked v4 handled automatically)')
    .addHelpText(
      'after',
      examples([
        'subnet weights set --netuid 1 --uids 1,2 --weights 0.7,0.3 --wallet validator',
        'subnet weights commit --netuid 1 --uids 1,2 --weights 0.7,0.3 --wallet validator',
        'subnet weights reveal --netuid 1 --wallet validator',
        'subnet weights status --netuid 1 --wallet validator',
        'subnet weights show --netuid 1',
      ]),
    );

  const weightOptions = (c: Command) =>
    c
      .requiredOption('--netuid <n>', 'subnet id')
      .requiredOption('--uids <list>', 'comma-separated destination uids')
      .requiredOption('--weights <list>', 'comma-separated non-negative weights (any scale)')
      .option('--version-key <n>', "version key (default: the subnet's weights_version)")
      .option('--raw', 'weights are final u16 values: skip process_weights and the max-upscale')
      .option('--mechid <n>', 'the mechanism the weights are for (default 0, the main one)');

  weightOptions(weights.command('set'))
    .description(
      "set the hotkey's weights; commits instead when the subnet uses commit-reveal (v2: keeps the reveal data; v4: a timelocked commit the chain reveals by itself)",
    )
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
          const tl = r.timelocked;
          emit(
            opts,
            () =>
              r.mode === 'set'
                ? `Set weights on subnet ${args.netuid}${mechanismLabel(args.mechid)}: uids [${r.uids.join(', ')}] values [${r.values.join(', ')}] (block ${r.result.blockNumber})`
                : tl
                  ? `Subnet ${args.netuid} uses timelocked commit-reveal: committed ${tl.hash} (block ${r.result.blockNumber}) to drand round ${tl.revealRound}; the chain reveals it in epoch ${tl.revealEpoch} (about block ${tl.firstRevealBlock}). Check with: subnet weights status --netuid ${args.netuid}`
                  : `Subnet ${args.netuid} uses commit-reveal: committed ${r.commit!.hash} (block ${r.result.blockNumber}); reveal later with: subnet weights reveal --netuid ${args.netuid}`,
            () => ({
              netuid: args.netuid,
              mechid: args.mechid,
              mode: r.mode,
              commitReveal: r.commitReveal,
              uids: r.uids,
              values: r.values,
              versionKey,
              hash: r.commit?.hash ?? tl?.hash,
              revealRound: tl?.revealRound,
              revealEpoch: tl?.revealEpoch,
              firstRevealBlock: tl?.firstRevealBlock,
              blockHash: r.result.blockHash,
              blockNumber: r.result.blockNumber,
            }),
          );
        });
      }),
    );

  weightOptions(weights.command('commit'))
    .description(
      'commit the weights as the subnet wants them: a hash (v2; the salt and values are kept for the reveal) or a timelocked commit (v4; the chain reveals it)',
    )
    .option('--dry-run', 'print what would be committed (call, reveal round, ciphertext, payload) and send nothing')
    .addHelpText(
      'after',
      examples([
        'subnet weights commit --netuid 1 --uids 1,2 --weights 0.5,0.5 --wallet validator',
        'subnet weights commit --netuid 1 --uids 1,2 --weights 0.5,0.5 --wallet validator --dry-run --json',
      ]),
    )
    .action(
      action<WeightOpts>(async (_args, opts) => {
        const args = parseWeights(opts);
        const { hotkeyAddress, loadHotkey } = await import('../../chain/wallet/wallet.ts');
        const { commitTimelockedPersisted, commitWeightsPersisted, planTimelockedCommit, weightsForChain } = await import('../../chain/submit-weights.ts');
        if (opts.dryRun) {
          const hotkey = await hotkeyAddress(walletRef(opts));
          await withClient(opts, async (client) => {
            const versionKey = await versionKeyOf(client, args.netuid, args.versionKey);
            const emitW = opts.raw ? { uids: args.uids, values: args.weights } : await weightsForChain(client, args.netuid, args.uids, args.weights);
            const d = await dryRunCommit(client, hotkey, { netuid: args.netuid, mechid: args.mechid, uids: emitW.uids, values: emitW.values, versionKey });
            emit(
              opts,
              () => describeDryRun(d),
              () => d,
            );
          });
          return;
        }
        const hotkey = await loadHotkey(walletRef(opts), await passwords());
        const pending = await pendingStore(opts);
        await withClient(opts, async (client) => {
          const { mode, version } = await client.commitRevealInfo(args.netuid);
          const versionKey = await versionKeyOf(client, args.netuid, args.versionKey);
          const emitW = opts.raw ? { uids: args.uids, values: args.weights } : await weightsForChain(client, args.netuid, args.uids, args.weights);
          if (mode === 'timelocked') {
            const plan = await planTimelockedCommit(client, hotkey.address, {
              netuid: args.netuid,
              mechid: args.mechid,
              uids: emitW.uids,
              values: emitW.values,
              versionKey,
              chainVersion: version,
            });
            const { result, record } = await withSpinner(opts, 'Committing weights…', () => commitTimelockedPersisted(client, hotkey, { plan, pending }));
            emit(
              opts,
              () =>
                `Committed ${record.hash} on subnet ${args.netuid} (block ${result.blockNumber}) to drand round ${record.revealRound}; the chain reveals it in epoch ${record.revealEpoch} (about block ${record.firstRevealBlock}). Check with: subnet weights status --netuid ${args.netuid}`,
              () => ({
                netuid: args.netuid,
                mode,
                call: plan.call,
                mechid: args.mechid,
                hash: record.hash,
                revealRound: record.revealRound,
                revealEpoch: record.revealEpoch,
                firstRevealBlock: record.firstRevealBlock,
                uids: record.uids,
                values: record.values,
                versionKey,
                blockHash: result.blockHash,
                blockNumber: result.blockNumber,
              }),
            );
            return;
          }
          const { result, commit } = await withSpinner(opts, 'Committing weights…', () =>
            commitWeightsPersisted(client, hotkey, { netuid: args.netuid, mechid: args.mechid, uids: emitW.uids, values: emitW.values, versionKey, pending }),
          );
          emit(
            opts,
            () =>
              `Committed ${commit.hash} on subnet ${args.netuid}${mechanismLabel(args.mechid)} (block ${result.blockNumber}); reveal with: subnet weights reveal --netuid ${args.netuid}`,
            () => ({
              netuid: args.netuid,
              mechid: args.mechid,
              hash: commit.hash,
              uids: commit.uids,
              values: commit.values,
              versionKey,
              blockHash: result.blockHash,
              blockNumber: result.blockNumber,
            }),
          );
        });
      }),
    );

  weights
    .command('status')
    .description('what became of the timelocked commits of the hotkey on a subnet: revealed, pending, or dropped (and why)')
    .requiredOption('--netuid <n>', 'subnet id')
    .addHelpText('after', examples(['subnet weights status --netuid 1 --wallet validator', 'subnet weights status --netuid 1 --wallet validator --json']))
    .action(
      action<{ netuid: string }>(async (_args, opts) => {
        const netuid = parseIntArg(opts.netuid, '--netuid', 0, 65535);
        const { hotkeyAddress } = await import('../../chain/wallet/wallet.ts');
        const { checkTimelockedCommits } = await import('../../chain/submit-weights.ts');
        const hotkey = await hotkeyAddress(walletRef(opts));
        const pending = await pendingStore(opts);
        await withClient(opts, async (client) => {
          const outcomes = await withSpinner(opts, 'Checking commits…', () => checkTimelockedCommits(client, hotkey, { netuid, pending }));
          emit(
            opts,
            () => (outcomes.length === 0 ? `no timelocked commits of hotkey ${hotkey} on subnet ${netuid} to check` : outcomes.map(describeOutcome).join('\n')),
            () => ({ netuid, hotkey, outcomes }),
          );
          const dropped = outcomes.filter((o) => o.status === 'dropped');
          if (dropped.length)
            throw new SubnetError(
              'WEIGHTS_COMMIT_DROPPED',
              `the chain dropped ${dropped.length} timelocked commit(s): ${dropped.map((o) => `${o.hash} (${o.reason})`).join(', ')}`,
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
                ? `no pending commits for hotkey ${hotkey.address} on subnet ${netuid}${pending.listTimelocked({ netuid, hotkey: hotkey.address }).length ? ' to reveal; the chain reveals timelocked commits by itself: subnet weights status --netuid ' + netuid : ''}`
                : outcomes
                    .map(
                      (o) =>
                        `${o.hash}: ${o.status}${o.result ? ` (block ${o.result.blockNumber})` : ''}${o.status === 'not-yet' && o.revealFrom !== undefined ? ` (reveal window: blocks ${o.revealFrom}..${o.revealUntil})` : ''}${o.error ? ` — ${o.error}` : ''}`,
                    )
                    .join('\n'),
            () => ({
              netuid,
              outcomes: outcomes.map((o) => ({
                hash: o.hash,
                status: o.status,
                error: o.error,
                revealFrom: o.revealFrom,
                revealUntil: o.revealUntil,
                blockNumber: o.result?.blockNumber,
              })),
            }),
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
    .option('--mechid <n>', 'the weights of this mechanism (default 0, the main one)')
    .addHelpText(
      'after',
      examples(['subnet weights show --netuid 1', 'subnet weights show --netuid 1 --uid 0 --json', 'subnet weights show --netuid 1 --mechid 1']),
    )
    .action(
      action<{ netuid: string; uid?: string; mechid?: string }>(async (_args, opts) => {
        const netuid = parseIntArg(opts.netuid, '--netuid', 0, 65535);
        const mechid = opts.mechid === undefined ? 0 : parseIntArg(opts.mechid, '--mechid', 0, 15);
        const { mechanismStorageIndex } = await import('../../chain/timelock-weights.ts');
        const rows = await withClient(opts, (c) => c.getWeights(mechanismStorageIndex(netuid, mechid)));
        const only = opts.uid === undefined ? undefined : parseIntArg(opts.uid, '--uid', 0, 65535);
        const selected = [...rows.entries()].filter(([uid]) => only === undefined || uid === only);
        const text = selected.length
          ? await table(
              ['uid', 'weights (dest:value)'],
              selected.map(([uid, w]) => [uid, w.map(([d, v]) => `${d}:${v}`).join(' ')]),
            )
          : `no weights on subnet ${netuid}${mechanismLabel(mechid)}`;
        emit(
          opts,
          () => text,
          () => ({ netuid, mechid, weights: Object.fromEntries(selected.map(([uid, w]) => [uid, w])) }),
        );
      }),
    );
}
