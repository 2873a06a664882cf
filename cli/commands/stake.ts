import type { Command } from 'commander';
import { SubnetError } from '../../core/errors.ts';
import { action, type GlobalOptions } from '../action.ts';
import { confirm, parseIntArg, unlockColdkey, walletRef, withClient } from '../context.ts';
import { emit, examples, table, withSpinner } from '../output.ts';

interface StakeOpts {
  netuid: string;
  amount: string;
  hotkeySs58?: string;
}

async function change(opts: GlobalOptions & StakeOpts, kind: 'add' | 'remove'): Promise<void> {
  const netuid = parseIntArg(opts.netuid, '--netuid', 0, 65535);
  const { parseTao, formatTao } = await import('../../chain/balance.ts');
  const w = await import('../../chain/wallet/wallet.ts');
  const amount = parseTao(opts.amount);
  if (amount === 0n) throw new SubnetError('BAD_AMOUNT', 'amount must be greater than 0');
  const ref = walletRef(opts);
  const hotkey = opts.hotkeySs58 ?? (await w.hotkeyAddress(ref));
  await confirm(opts, `${kind === 'add' ? 'Stake' : 'Unstake'} τ${formatTao(amount)} ${kind === 'add' ? 'to' : 'from'} hotkey ${hotkey} on subnet ${netuid}?`);
  const coldkey = await unlockColdkey(opts, ref);
  await withClient(opts, async (client) => {
    if (kind === 'add') {
      const free = await client.getBalance(coldkey.address);
      if (free < amount) {
        throw new SubnetError(
          'INSUFFICIENT_BALANCE',
          `coldkey ${coldkey.address} (wallet '${ref.name}') has τ${formatTao(free)} free, τ${formatTao(amount - free)} short of staking τ${formatTao(amount)}; fund it first (subnet wallet transfer --wallet <funded wallet> --dest ${coldkey.address} --amount <tao>)`,
        );
      }
    }
    const before = await client.getStake({ coldkey: coldkey.address, hotkey, netuid });
    const r = await withSpinner(opts, kind === 'add' ? 'Staking…' : 'Unstaking…', () =>
      kind === 'add' ? client.addStake(coldkey, { hotkey, netuid, amount }) : client.removeStake(coldkey, { hotkey, netuid, amount }),
    );
    const after = await client.getStake({ coldkey: coldkey.address, hotkey, netuid });
    emit(
      opts,
      () => `Stake of ${coldkey.address} on ${hotkey} (subnet ${netuid}): τ${formatTao(before)} → τ${formatTao(after)} (block ${r.blockNumber})`,
      () => ({ netuid, coldkey: coldkey.address, hotkey, amount: formatTao(amount), before: formatTao(before), after: formatTao(after), afterRao: after, blockHash: r.blockHash, blockNumber: r.blockNumber }),
    );
  });
}

export function register(program: Command): void {
  const stake = program
    .command('stake')
    .description('add, remove and list stake (amounts in TAO)')
    .addHelpText(
      'after',
      examples(['subnet stake add --netuid 1 --amount 100 --wallet validator', 'subnet stake remove --netuid 1 --amount 10 --wallet validator', 'subnet stake list --wallet validator']),
    );

  for (const kind of ['add', 'remove'] as const) {
    stake
      .command(kind)
      .description(kind === 'add' ? "stake TAO from the coldkey to a hotkey (default: the wallet's hotkey)" : 'unstake back to the coldkey')
      .requiredOption('--netuid <n>', 'subnet id')
      .requiredOption('--amount <tao>', 'amount in TAO (up to 9 decimals)')
      .option('--hotkey-ss58 <address>', "a hotkey address other than the wallet's")
      .addHelpText('after', examples([`subnet stake ${kind} --netuid 1 --amount 5 --wallet validator --yes`]))
      .action(action<StakeOpts>((_args, opts) => change(opts, kind)));
  }

  stake
    .command('list')
    .description("stake of the wallet's coldkey on each of its hotkeys, per subnet")
    .option('--netuid <n>', 'only this subnet')
    .addHelpText('after', examples(['subnet stake list --wallet validator', 'subnet stake list --wallet validator --netuid 1 --json']))
    .action(
      action<{ netuid?: string }>(async (_args, opts) => {
        const w = await import('../../chain/wallet/wallet.ts');
        const { formatTao } = await import('../../chain/balance.ts');
        const ref = walletRef(opts);
        const coldkey = await w.coldkeyAddress(ref);
        const summary = (await w.listWallets(opts.walletDir)).find((x) => x.name === ref.name);
        const hotkeys = (summary?.hotkeys ?? []).filter((h) => h.address) as { name: string; address: string }[];
        const rows = await withClient(opts, async (client) => {
          const netuids = opts.netuid !== undefined ? [parseIntArg(opts.netuid, '--netuid', 0, 65535)] : (await client.listSubnets()).map((s) => s.netuid);
          const out: { netuid: number; hotkeyName: string; hotkey: string; stake: bigint }[] = [];
          for (const netuid of netuids) {
            for (const h of hotkeys) {
              const s = await client.getStake({ coldkey, hotkey: h.address, netuid });
              if (s > 0n) out.push({ netuid, hotkeyName: h.name, hotkey: h.address, stake: s });
            }
          }
          return out;
        });
        const total = rows.reduce((a, r) => a + r.stake, 0n);
        const text = rows.length
          ? await table(['netuid', 'hotkey', 'address', 'stake'], [...rows.map((r) => [r.netuid, r.hotkeyName, r.hotkey, `τ${formatTao(r.stake)}`]), ['total', '', '', `τ${formatTao(total)}`]])
          : `no stake from ${coldkey}`;
        emit(opts, () => text, () => ({ coldkey, stakes: rows.map((r) => ({ ...r, stake: formatTao(r.stake), stakeRao: r.stake })), total: formatTao(total) }));
      }),
    );
}
