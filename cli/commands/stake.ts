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

/**
 * `add_stake` takes TAO from the coldkey and `remove_stake` takes alpha from the
 * stake, each converted at the subnet pool's price; so an amount is TAO when
 * adding and alpha when removing, and stake is always shown in the subnet's alpha.
 */
async function change(opts: GlobalOptions & StakeOpts, kind: 'add' | 'remove'): Promise<void> {
  const netuid = parseIntArg(opts.netuid, '--netuid', 0, 65535);
  const { parseTao, parseAlpha, formatTao, formatAlpha, formatAmount } = await import('../../chain/units.ts');
  const w = await import('../../chain/wallet/wallet.ts');
  const amount = kind === 'add' ? parseTao(opts.amount) : parseAlpha(opts.amount);
  if (amount === 0n) throw new SubnetError('BAD_AMOUNT', 'amount must be greater than 0');
  const ref = walletRef(opts);
  const hotkey = opts.hotkeySs58 ?? (await w.hotkeyAddress(ref));
  const coldkeyAddress = await w.coldkeyAddress(ref);
  await withClient(opts, async (client) => {
    const symbol = await client.alphaSymbol(netuid);
    const free = await client.getBalance(coldkeyAddress);
    if (kind === 'add' && free < amount) {
      throw new SubnetError(
        'INSUFFICIENT_BALANCE',
        `coldkey ${coldkeyAddress} (wallet '${ref.name}') has ${formatTao(free)} free, ${formatTao(amount - free)} short of staking ${formatTao(amount)}; fund it first (subnet wallet transfer --wallet <funded wallet> --dest ${coldkeyAddress} --amount <tao>)`,
      );
    }
    await confirm(
      opts,
      kind === 'add'
        ? `Stake ${formatTao(amount)} (TAO from the coldkey) to hotkey ${hotkey} on subnet ${netuid}? The stake is held in ${symbol}, bought at the subnet's price.`
        : `Unstake ${formatAlpha(amount, symbol)} (alpha of subnet ${netuid}) from hotkey ${hotkey}? The coldkey receives TAO at the subnet's price.`,
    );
    const coldkey = await unlockColdkey(opts, ref);
    const before = await client.getStake({ coldkey: coldkey.address, hotkey, netuid });
    const r = await withSpinner(opts, kind === 'add' ? 'Staking…' : 'Unstaking…', () =>
      kind === 'add' ? client.addStake(coldkey, { hotkey, netuid, amount }) : client.removeStake(coldkey, { hotkey, netuid, amount }),
    );
    const [after, freeAfter] = await Promise.all([client.getStake({ coldkey: coldkey.address, hotkey, netuid }), client.getBalance(coldkey.address)]);
    emit(
      opts,
      () =>
        `Stake of ${coldkey.address} on ${hotkey} (subnet ${netuid}): ${formatAlpha(before, symbol)} → ${formatAlpha(after, symbol)}; coldkey balance ${formatTao(free)} → ${formatTao(freeAfter)} (block ${r.blockNumber})`,
      () => ({
        netuid,
        coldkey: coldkey.address,
        hotkey,
        amount: formatAmount(amount),
        amountUnit: kind === 'add' ? 'TAO' : 'alpha',
        symbol,
        before: formatAmount(before),
        after: formatAmount(after),
        afterRao: after,
        balanceBefore: formatAmount(free),
        balanceAfter: formatAmount(freeAfter),
        blockHash: r.blockHash,
        blockNumber: r.blockNumber,
      }),
    );
  });
}

export function register(program: Command): void {
  const stake = program
    .command('stake')
    .description("add, remove and list stake: add takes TAO, remove takes the subnet's alpha, stake is shown in alpha")
    .addHelpText(
      'after',
      examples([
        'subnet stake add --netuid 1 --amount 100 --wallet validator',
        'subnet stake remove --netuid 1 --amount 10 --wallet validator',
        'subnet stake list --wallet validator',
      ]),
    );

  for (const kind of ['add', 'remove'] as const) {
    stake
      .command(kind)
      .description(
        kind === 'add'
          ? "stake TAO from the coldkey to a hotkey (default: the wallet's hotkey); the stake is held in the subnet's alpha"
          : "unstake an amount of the subnet's alpha; the coldkey receives TAO at the subnet's price",
      )
      .requiredOption('--netuid <n>', 'subnet id')
      .requiredOption(
        kind === 'add' ? '--amount <tao>' : '--amount <alpha>',
        kind === 'add'
          ? 'amount in TAO, taken from the coldkey (up to 9 decimals)'
          : "amount in the subnet's alpha, taken from the stake (up to 9 decimals), not TAO",
      )
      .option('--hotkey-ss58 <address>', "a hotkey address other than the wallet's")
      .addHelpText('after', examples([`subnet stake ${kind} --netuid 1 --amount 5 --wallet validator --yes`]))
      .action(action<StakeOpts>((_args, opts) => change(opts, kind)));
  }

  stake
    .command('list')
    .description("stake of the wallet's coldkey on each of its hotkeys, per subnet, in that subnet's alpha")
    .option('--netuid <n>', 'only this subnet')
    .addHelpText('after', examples(['subnet stake list --wallet validator', 'subnet stake list --wallet validator --netuid 1 --json']))
    .action(
      action<{ netuid?: string }>(async (_args, opts) => {
        const w = await import('../../chain/wallet/wallet.ts');
        const { formatAlpha, formatAmount } = await import('../../chain/units.ts');
        const ref = walletRef(opts);
        const coldkey = await w.coldkeyAddress(ref);
        const summary = (await w.listWallets(opts.walletDir)).find((x) => x.name === ref.name);
        const hotkeys = (summary?.hotkeys ?? []).filter((h) => h.address) as { name: string; address: string }[];
        const rows = await withClient(opts, async (client) => {
          const netuids = opts.netuid !== undefined ? [parseIntArg(opts.netuid, '--netuid', 0, 65535)] : (await client.listSubnets()).map((s) => s.netuid);
          const out: { netuid: number; symbol: string; hotkeyName: string; hotkey: string; stake: bigint }[] = [];
          for (const netuid of netuids) {
            let symbol: string | undefined;
            for (const h of hotkeys) {
              const s = await client.getStake({ coldkey, hotkey: h.address, netuid });
              if (s > 0n) out.push({ netuid, symbol: (symbol ??= await client.alphaSymbol(netuid)), hotkeyName: h.name, hotkey: h.address, stake: s });
            }
          }
          return out;
        });
        // each subnet's alpha is its own token: totals add up within a subnet only
        const totals = [...new Set(rows.map((r) => r.netuid))].map((netuid) => {
          const of = rows.filter((r) => r.netuid === netuid);
          return { netuid, symbol: of[0].symbol, stake: of.reduce((a, r) => a + r.stake, 0n) };
        });
        const text = rows.length
          ? await table(
              ['netuid', 'hotkey', 'address', 'stake (alpha)'],
              [
                ...rows.map((r) => [r.netuid, r.hotkeyName, r.hotkey, formatAlpha(r.stake, r.symbol)]),
                ...totals.map((t) => [t.netuid, 'total', '', formatAlpha(t.stake, t.symbol)]),
              ],
            )
          : `no stake from ${coldkey}`;
        emit(
          opts,
          () => text,
          () => ({
            coldkey,
            stakes: rows.map((r) => ({ ...r, stake: formatAmount(r.stake), stakeRao: r.stake })),
            totals: totals.map((t) => ({ ...t, stake: formatAmount(t.stake), stakeRao: t.stake })),
          }),
        );
      }),
    );
}
