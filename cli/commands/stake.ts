import type { Command } from 'commander';
import type { ChainEvent, SubtensorClient, SwapQuote, TxResult } from '../../chain/client.ts';
import { SubnetError } from '../../core/errors.ts';
import { action, type GlobalOptions } from '../action.ts';
import { confirm, parseIntArg, unlockColdkey, walletRef, withClient } from '../context.ts';
import { emit, examples, table, withSpinner } from '../output.ts';
import { registerChildren } from './stake/children.ts';

interface SafeOpts {
  safe?: boolean;
  unsafe?: boolean;
  tolerance: string;
  allowPartial?: boolean;
}

interface StakeOpts extends SafeOpts {
  netuid?: string;
  amount?: string;
  hotkeySs58?: string;
  all?: boolean;
  intoRoot?: boolean;
}

type Units = typeof import('../../chain/units.ts');
type Prices = typeof import('../../chain/stake-price.ts');

async function modules(): Promise<{ u: Units; p: Prices; w: typeof import('../../chain/wallet/wallet.ts') }> {
  const [u, p, w] = await Promise.all([import('../../chain/units.ts'), import('../../chain/stake-price.ts'), import('../../chain/wallet/wallet.ts')]);
  return { u, p, w };
}

/** `--safe` (the default) gives the tolerance in parts per billion; `--unsafe` gives undefined. */
function safety(opts: SafeOpts, p: Prices): bigint | undefined {
  if (opts.safe && opts.unsafe) throw new SubnetError('BAD_OPTIONS', '--safe and --unsafe contradict each other: pass one (--safe is the default)');
  return opts.unsafe ? undefined : p.parseTolerance(opts.tolerance);
}

function amountOf(opts: StakeOpts, u: Units, unit: 'tao' | 'alpha'): bigint {
  if (opts.amount === undefined) throw new SubnetError('BAD_AMOUNT', `--amount is required: the amount in ${unit === 'tao' ? 'TAO' : "the subnet's alpha"}`);
  const amount = unit === 'tao' ? u.parseTao(opts.amount) : u.parseAlpha(opts.amount);
  if (amount === 0n) throw new SubnetError('BAD_AMOUNT', 'amount must be greater than 0');
  return amount;
}

const big = (v: unknown) => BigInt(String(v));

/** The alpha `coldkey` received on `netuid` in a block's `StakeAdded` events (tao, alpha at 2, 3). */
function alphaReceived(events: ChainEvent[], coldkey: string, netuid: number): bigint {
  return events.filter((e) => e.method === 'StakeAdded' && e.data[0] === coldkey && Number(e.data[4]) === netuid).reduce((a, e) => a + big(e.data[3]), 0n);
}

/** The TAO `coldkey` was paid by a block's `StakeRemoved` events. */
function taoReceived(events: ChainEvent[], coldkey: string): bigint {
  return events.filter((e) => e.method === 'StakeRemoved' && e.data[0] === coldkey).reduce((a, e) => a + big(e.data[2]), 0n);
}

function describeQuote(u: Units, p: Prices, q: SwapQuote, kind: 'add' | 'remove', symbol: string): string {
  return kind === 'add'
    ? `you receive ≈ ${u.formatAlpha(q.alpha, symbol)} (pool fee ${u.formatTao(q.taoFee)}, price impact ${p.formatPpbPercent(p.priceImpactPpb(q.alpha, q.alphaSlippage))})`
    : `you receive ≈ ${u.formatTao(q.tao)} (pool fee ${u.formatAlpha(q.alphaFee, symbol)}, price impact ${p.formatPpbPercent(p.priceImpactPpb(q.tao, q.taoSlippage))})`;
}

function quoteJson(u: Units, q: SwapQuote) {
  return { tao: u.formatAmount(q.tao), alpha: u.formatAmount(q.alpha), taoFee: u.formatAmount(q.taoFee), alphaFee: u.formatAmount(q.alphaFee), raw: q };
}

/**
 * `add_stake` takes TAO from the coldkey and `remove_stake` takes alpha from the
 * stake, each converted at the subnet pool's price; so an amount is TAO when
 * adding and alpha when removing, and stake is always shown in the subnet's alpha.
 * The quote (the runtime's own simulation of the swap) is shown before asking,
 * the amount the chain's event reports after inclusion.
 */
async function change(opts: GlobalOptions & StakeOpts, kind: 'add' | 'remove'): Promise<void> {
  if (opts.netuid === undefined)
    throw new SubnetError('BAD_OPTIONS', `--netuid is required for stake ${kind} (stake remove --all without it unstakes from every subnet)`);
  const netuid = parseIntArg(opts.netuid, '--netuid', 0, 65535);
  const { u, p, w } = await modules();
  const tolerance = safety(opts, p);
  const ref = walletRef(opts);
  const hotkey = opts.hotkeySs58 ?? (await w.hotkeyAddress(ref));
  const coldkeyAddress = await w.coldkeyAddress(ref);
  await withClient(opts, async (client) => {
    const symbol = await client.alphaSymbol(netuid);
    const free = await client.getBalance(coldkeyAddress);
    const before = await client.getStake({ coldkey: coldkeyAddress, hotkey, netuid });
    const amount = opts.all ? before : amountOf(opts, u, kind === 'add' ? 'tao' : 'alpha');
    if (amount === 0n) throw new SubnetError('NO_STAKE', `coldkey ${coldkeyAddress} has no stake on hotkey ${hotkey} on subnet ${netuid}`);
    if (kind === 'add' && free < amount) {
      throw new SubnetError(
        'INSUFFICIENT_BALANCE',
        `coldkey ${coldkeyAddress} (wallet '${ref.name}') has ${u.formatTao(free)} free, ${u.formatTao(amount - free)} short of staking ${u.formatTao(amount)}; fund it first (subnet wallet transfer --wallet <funded wallet> --dest ${coldkeyAddress} --amount <tao>)`,
      );
    }
    const [quote, price] = await Promise.all([
      kind === 'add' ? client.quoteStake(netuid, amount) : client.quoteUnstake(netuid, amount),
      client.alphaPrice(netuid),
    ]);
    const limit = tolerance === undefined ? undefined : p.limitPrice(price, tolerance, kind === 'add' ? 'buy' : 'sell');
    const guard =
      limit === undefined
        ? 'no price limit (--unsafe)'
        : `refused if the price ${kind === 'add' ? 'rises above' : 'falls below'} ${u.formatTao(limit)} per ${symbol}${opts.allowPartial ? ' (a partial fill up to it is accepted)' : ''}`;
    await confirm(
      opts,
      `${
        kind === 'add'
          ? `Stake ${u.formatTao(amount)} (TAO from the coldkey) to hotkey ${hotkey} on subnet ${netuid}? The stake is held in ${symbol}, bought at the subnet's price`
          : `Unstake ${u.formatAlpha(amount, symbol)} (alpha of subnet ${netuid}) from hotkey ${hotkey}? The coldkey receives TAO at the subnet's price`
      } (${u.formatTao(price)} per ${symbol}): ${describeQuote(u, p, quote, kind, symbol)}; ${guard}.`,
    );
    const coldkey = await unlockColdkey(opts, ref);
    const send = (): Promise<TxResult> => {
      const args = { hotkey, netuid, amount };
      if (kind === 'add')
        return limit === undefined
          ? client.addStake(coldkey, args)
          : client.addStakeLimit(coldkey, { ...args, limitPrice: limit, allowPartial: opts.allowPartial });
      if (opts.all) return client.removeStakeFullLimit(coldkey, { hotkey, netuid, limitPrice: limit });
      return limit === undefined
        ? client.removeStake(coldkey, args)
        : client.removeStakeLimit(coldkey, { ...args, limitPrice: limit, allowPartial: opts.allowPartial });
    };
    const r = await withSpinner(opts, kind === 'add' ? 'Staking…' : 'Unstaking…', send);
    const received = kind === 'add' ? alphaReceived(r.events, coldkey.address, netuid) : taoReceived(r.events, coldkey.address);
    const quoted = kind === 'add' ? quote.alpha : quote.tao;
    const [after, freeAfter] = await Promise.all([client.getStake({ coldkey: coldkey.address, hotkey, netuid }), client.getBalance(coldkey.address)]);
    const shown = (v: bigint) => (kind === 'add' ? u.formatAlpha(v, symbol) : u.formatTao(v));
    emit(
      opts,
      () =>
        [
          `Received ${shown(received)} (quoted ${shown(quoted)})`,
          `Stake of ${coldkey.address} on ${hotkey} (subnet ${netuid}): ${u.formatAlpha(before, symbol)} → ${u.formatAlpha(after, symbol)}; coldkey balance ${u.formatTao(free)} → ${u.formatTao(freeAfter)} (block ${r.blockNumber})`,
        ].join('\n'),
      () => ({
        netuid,
        coldkey: coldkey.address,
        hotkey,
        amount: u.formatAmount(amount),
        amountUnit: kind === 'add' ? 'TAO' : 'alpha',
        symbol,
        price: u.formatAmount(price),
        limitPrice: limit === undefined ? null : u.formatAmount(limit),
        quote: quoteJson(u, quote),
        received: u.formatAmount(received),
        receivedRao: received,
        receivedUnit: kind === 'add' ? 'alpha' : 'TAO',
        before: u.formatAmount(before),
        after: u.formatAmount(after),
        afterRao: after,
        balanceBefore: u.formatAmount(free),
        balanceAfter: u.formatAmount(freeAfter),
        blockHash: r.blockHash,
        blockNumber: r.blockNumber,
      }),
    );
  });
}

/** `stake remove --all` without a subnet: `unstake_all`, or `unstake_all_alpha` with `--into-root`. */
async function removeEverywhere(opts: GlobalOptions & StakeOpts): Promise<void> {
  const { u, p, w } = await modules();
  const ref = walletRef(opts);
  const hotkey = opts.hotkeySs58 ?? (await w.hotkeyAddress(ref));
  const coldkeyAddress = await w.coldkeyAddress(ref);
  await withClient(opts, async (client) => {
    const held = (await client.getStakeInfo(coldkeyAddress)).filter((s) => s.hotkey === hotkey && !(opts.intoRoot && s.netuid === 0));
    if (held.length === 0)
      throw new SubnetError('NO_STAKE', `coldkey ${coldkeyAddress} has no stake on hotkey ${hotkey}${opts.intoRoot ? ' outside root' : ''}`);
    const quotes = await Promise.all(
      held.map(async (s) => ({ ...s, symbol: await client.alphaSymbol(s.netuid), quote: await client.quoteUnstake(s.netuid, s.stake) })),
    );
    const total = quotes.reduce((a, q) => a + q.quote.tao, 0n);
    const lines = quotes.map(
      (q) =>
        `subnet ${q.netuid}: ${u.formatAlpha(q.stake, q.symbol)} → ≈ ${u.formatTao(q.quote.tao)} (price impact ${p.formatPpbPercent(p.priceImpactPpb(q.quote.tao, q.quote.taoSlippage))})`,
    );
    await confirm(
      opts,
      `Unstake everything from hotkey ${hotkey}${opts.intoRoot ? ' and stake the TAO on root' : ''}? ${lines.join('; ')}; ≈ ${u.formatTao(total)} in all, at any price (no limit).`,
    );
    const coldkey = await unlockColdkey(opts, ref);
    const r = await withSpinner(opts, 'Unstaking…', () => (opts.intoRoot ? client.unstakeAllAlpha(coldkey, hotkey) : client.unstakeAll(coldkey, hotkey)));
    const received = opts.intoRoot ? alphaReceived(r.events, coldkey.address, 0) : taoReceived(r.events, coldkey.address);
    emit(
      opts,
      () =>
        opts.intoRoot
          ? `Staked ${u.formatTao(received)} on root (quoted ${u.formatTao(total)}) (block ${r.blockNumber})`
          : `Received ${u.formatTao(received)} (quoted ${u.formatTao(total)}) (block ${r.blockNumber})`,
      () => ({
        coldkey: coldkey.address,
        hotkey,
        intoRoot: Boolean(opts.intoRoot),
        unstaked: quotes.map((q) => ({ netuid: q.netuid, symbol: q.symbol, alpha: u.formatAmount(q.stake), quote: quoteJson(u, q.quote) })),
        quoted: u.formatAmount(total),
        received: u.formatAmount(received),
        receivedRao: received,
        receivedUnit: 'TAO',
        blockHash: r.blockHash,
        blockNumber: r.blockNumber,
      }),
    );
  });
}

interface MoveOpts extends SafeOpts {
  originNetuid: string;
  destNetuid?: string;
  amount: string;
  hotkeySs58?: string;
  destHotkey?: string;
  destColdkey?: string;
}

/**
 * `stake move` (another hotkey, any subnet), `stake swap` (same hotkey, another
 * subnet) and `stake transfer` (another coldkey): the amount is alpha of the
 * origin subnet; across subnets it is sold and the TAO buys the destination's
 * alpha, with one pool fee. Only `swap_stake` has a limit variant, so only swap
 * is `--safe`.
 */
async function transition(opts: GlobalOptions & MoveOpts, kind: 'move' | 'swap' | 'transfer'): Promise<void> {
  const { u, p, w } = await modules();
  const originNetuid = parseIntArg(opts.originNetuid, '--origin-netuid', 0, 65535);
  const destinationNetuid = opts.destNetuid === undefined ? originNetuid : parseIntArg(opts.destNetuid, '--dest-netuid', 0, 65535);
  if (kind === 'swap' && destinationNetuid === originNetuid)
    throw new SubnetError('BAD_OPTIONS', 'stake swap moves stake to another subnet: give a --dest-netuid other than --origin-netuid');
  const tolerance = kind === 'swap' ? safety(opts, p) : undefined;
  const amount = amountOf(opts, u, 'alpha');
  const ref = walletRef(opts);
  const hotkey = opts.hotkeySs58 ?? (await w.hotkeyAddress(ref));
  const coldkeyAddress = await w.coldkeyAddress(ref);
  const destHotkey = kind === 'move' ? (opts.destHotkey ?? hotkey) : hotkey;
  const destColdkey = kind === 'transfer' ? opts.destColdkey! : coldkeyAddress;
  if (kind === 'move' && destHotkey === hotkey && destinationNetuid === originNetuid) {
    throw new SubnetError('BAD_OPTIONS', 'stake move needs another --dest-hotkey or another --dest-netuid: the stake is already there');
  }
  await withClient(opts, async (client) => {
    const [originSymbol, destSymbol, held] = await Promise.all([
      client.alphaSymbol(originNetuid),
      client.alphaSymbol(destinationNetuid),
      client.getStake({ coldkey: coldkeyAddress, hotkey, netuid: originNetuid }),
    ]);
    if (held < amount) {
      throw new SubnetError(
        'INSUFFICIENT_STAKE',
        `coldkey ${coldkeyAddress} holds ${u.formatAlpha(held, originSymbol)} on hotkey ${hotkey} on subnet ${originNetuid}, less than ${u.formatAlpha(amount, originSymbol)}`,
      );
    }
    const quote = await client.quoteMove(originNetuid, destinationNetuid, amount);
    const limit = await swapLimit(client, p, originNetuid, destinationNetuid, tolerance);
    const fee = quote.feeIn === 'tao' ? u.formatTao(quote.fee) : u.formatAlpha(quote.fee, originSymbol);
    const where =
      kind === 'transfer'
        ? `to coldkey ${destColdkey} (hotkey ${hotkey}, subnet ${destinationNetuid})`
        : `from hotkey ${hotkey} on subnet ${originNetuid} to hotkey ${destHotkey} on subnet ${destinationNetuid}`;
    const guard =
      kind !== 'swap'
        ? ''
        : limit === undefined
          ? '; no price limit (--unsafe)'
          : `; refused if ${originSymbol} falls below ${u.formatAlpha(limit, destSymbol)} per ${originSymbol}${opts.allowPartial ? ' (a partial fill up to it is accepted)' : ''}`;
    await confirm(
      opts,
      `${kind[0].toUpperCase()}${kind.slice(1)} ${u.formatAlpha(amount, originSymbol)} ${where}? The destination receives ≈ ${u.formatAlpha(quote.alphaOut, destSymbol)} (pool fee ${fee}, price impact ${p.formatPpbPercent(quote.impactPpb)})${guard}.`,
    );
    const coldkey = await unlockColdkey(opts, ref);
    const r = await withSpinner(opts, 'Moving stake…', () => {
      if (kind === 'transfer') return client.transferStake(coldkey, { destinationColdkey: destColdkey, hotkey, originNetuid, destinationNetuid, amount });
      if (kind === 'move') return client.moveStake(coldkey, { originHotkey: hotkey, destinationHotkey: destHotkey, originNetuid, destinationNetuid, amount });
      const args = { hotkey, originNetuid, destinationNetuid, amount };
      return limit === undefined
        ? client.swapStake(coldkey, args)
        : client.swapStakeLimit(coldkey, { ...args, limitPrice: limit, allowPartial: opts.allowPartial });
    });
    const received = alphaReceived(r.events, destColdkey, destinationNetuid);
    emit(
      opts,
      () =>
        `Received ${u.formatAlpha(received, destSymbol)} on subnet ${destinationNetuid} (quoted ${u.formatAlpha(quote.alphaOut, destSymbol)}) (block ${r.blockNumber})`,
      () => ({
        kind,
        coldkey: coldkeyAddress,
        originHotkey: hotkey,
        originNetuid,
        destinationColdkey: destColdkey,
        destinationHotkey: destHotkey,
        destinationNetuid,
        amount: u.formatAmount(amount),
        originSymbol,
        destinationSymbol: destSymbol,
        limitPrice: limit === undefined ? null : u.formatAmount(limit),
        quote: {
          alphaOut: u.formatAmount(quote.alphaOut),
          tao: u.formatAmount(quote.tao),
          fee: u.formatAmount(quote.fee),
          feeIn: quote.feeIn,
          priceImpact: p.formatPpbPercent(quote.impactPpb),
        },
        received: u.formatAmount(received),
        receivedRao: received,
        blockHash: r.blockHash,
        blockNumber: r.blockNumber,
      }),
    );
  });
}

async function swapLimit(client: SubtensorClient, p: Prices, origin: number, destination: number, tolerance: bigint | undefined): Promise<bigint | undefined> {
  if (tolerance === undefined) return undefined;
  const [po, pd] = await Promise.all([client.alphaPrice(origin), client.alphaPrice(destination)]);
  return p.swapLimitPrice(po, pd, tolerance);
}

function safeOptions(cmd: Command): Command {
  return cmd
    .option('--safe', 'send the _limit call: refused if the price moves past --tolerance (the default)')
    .option('--unsafe', 'send the plain call, at whatever price the pool gives')
    .option('--tolerance <fraction>', 'how far the price may move, as a fraction (0.005 = 0.5 %)', '0.005')
    .option('--allow-partial', 'with --safe, fill what fits under the price limit instead of failing');
}

export function register(program: Command): void {
  const stake = program
    .command('stake')
    .description("add, remove, move and list stake: add takes TAO, the others take the subnet's alpha, stake is shown in alpha")
    .addHelpText(
      'after',
      examples([
        'subnet stake add --netuid 1 --amount 100 --wallet validator',
        'subnet stake remove --netuid 1 --amount 10 --wallet validator',
        'subnet stake remove --all --wallet validator',
        'subnet stake swap --origin-netuid 1 --dest-netuid 2 --amount 5 --wallet validator',
        'subnet stake list --wallet validator',
        'subnet stake children set --netuid 1 --child 5F…:0.5 --wallet validator',
      ]),
    );
  registerChildren(stake);

  for (const kind of ['add', 'remove'] as const) {
    const cmd = stake
      .command(kind)
      .description(
        kind === 'add'
          ? "stake TAO from the coldkey to a hotkey (default: the wallet's hotkey); the stake is held in the subnet's alpha"
          : "unstake an amount of the subnet's alpha; the coldkey receives TAO at the subnet's price",
      );
    if (kind === 'add')
      cmd.requiredOption('--netuid <n>', 'subnet id').requiredOption('--amount <tao>', 'amount in TAO, taken from the coldkey (up to 9 decimals)');
    else {
      cmd
        .option('--netuid <n>', 'subnet id (with --all: only this subnet)')
        .option('--amount <alpha>', "amount in the subnet's alpha, taken from the stake (up to 9 decimals), not TAO")
        .option('--all', 'the whole stake on the hotkey: on --netuid (remove_stake_full_limit), else on every subnet (unstake_all)')
        .option('--into-root', 'with --all and no --netuid: stake the TAO on root instead of paying it out (unstake_all_alpha)');
    }
    safeOptions(cmd)
      .option('--hotkey-ss58 <address>', "a hotkey address other than the wallet's")
      .addHelpText(
        'after',
        examples(
          kind === 'add'
            ? ['subnet stake add --netuid 1 --amount 5 --wallet validator --yes', 'subnet stake add --netuid 1 --amount 5 --tolerance 0.02 --wallet validator']
            : [
                'subnet stake remove --netuid 1 --amount 5 --wallet validator --yes',
                'subnet stake remove --netuid 1 --all --wallet validator',
                'subnet stake remove --all --into-root --wallet validator',
              ],
        ),
      )
      .action(
        action<StakeOpts>((_args, opts) => {
          if (kind === 'remove' && opts.all && opts.amount !== undefined)
            throw new SubnetError('BAD_OPTIONS', '--all and --amount contradict each other: pass one');
          if (opts.intoRoot && !(opts.all && opts.netuid === undefined)) throw new SubnetError('BAD_OPTIONS', '--into-root goes with --all and no --netuid');
          return kind === 'remove' && opts.all && opts.netuid === undefined ? removeEverywhere(opts) : change(opts, kind);
        }),
      );
  }

  const transitions = [
    ['move', "move alpha to another hotkey and/or subnet (move_stake); across subnets it is sold and the TAO buys the destination's alpha"],
    ['swap', "move the hotkey's alpha to another subnet (swap_stake; --safe: swap_stake_limit)"],
    ['transfer', 'give alpha to another coldkey, on the same or another subnet (transfer_stake)'],
  ] as const;
  for (const [kind, description] of transitions) {
    const cmd = stake
      .command(kind)
      .description(description)
      .requiredOption('--origin-netuid <n>', 'the subnet the stake is on')
      .requiredOption('--amount <alpha>', "amount in the origin subnet's alpha (up to 9 decimals), not TAO")
      .option('--hotkey-ss58 <address>', "the hotkey the stake is on, if not the wallet's");
    if (kind === 'swap') safeOptions(cmd.requiredOption('--dest-netuid <n>', 'the subnet to swap into'));
    else cmd.option('--dest-netuid <n>', 'the subnet the stake goes to (default: the origin)');
    if (kind === 'move') cmd.option('--dest-hotkey <address>', 'the hotkey the stake goes to (default: the same hotkey)');
    if (kind === 'transfer') cmd.requiredOption('--dest-coldkey <address>', 'the coldkey that receives the stake');
    cmd
      .addHelpText(
        'after',
        examples([
          kind === 'move'
            ? 'subnet stake move --origin-netuid 1 --dest-netuid 2 --dest-hotkey 5F... --amount 5 --wallet validator'
            : kind === 'swap'
              ? 'subnet stake swap --origin-netuid 1 --dest-netuid 2 --amount 5 --wallet validator --yes'
              : 'subnet stake transfer --origin-netuid 1 --dest-coldkey 5F... --amount 5 --wallet validator',
        ]),
      )
      .action(action<MoveOpts>((_args, opts) => transition(opts, kind)));
  }

  stake
    .command('list')
    .description(
      "stake of the wallet's coldkey per hotkey and subnet, in that subnet's alpha, with its TAO value at the current price and the hotkey's child and parent hotkeys",
    )
    .option('--netuid <n>', 'only this subnet')
    .addHelpText('after', examples(['subnet stake list --wallet validator', 'subnet stake list --wallet validator --netuid 1 --json']))
    .action(
      action<{ netuid?: string }>(async (_args, opts) => {
        const w = await import('../../chain/wallet/wallet.ts');
        const { formatAlpha, formatAmount, formatTao, taoValue } = await import('../../chain/units.ts');
        const ref = walletRef(opts);
        const coldkey = await w.coldkeyAddress(ref);
        const only = opts.netuid !== undefined ? parseIntArg(opts.netuid, '--netuid', 0, 65535) : undefined;
        const summary = (await w.listWallets(opts.walletDir)).find((x) => x.name === ref.name);
        const names = new Map((summary?.hotkeys ?? []).filter((h) => h.address).map((h) => [h.address as string, h.name]));
        const rows = await withClient(opts, async (client) => {
          const entries = (await client.getStakeInfo(coldkey)).filter((e) => only === undefined || e.netuid === only);
          const netuids = [...new Set(entries.map((e) => e.netuid))];
          const bySubnet = new Map(
            await Promise.all(netuids.map(async (n) => [n, { symbol: await client.alphaSymbol(n), price: await client.alphaPrice(n) }] as const)),
          );
          // child hotkeys are per subnet and absent on root and on runtimes without them
          const links = await Promise.all(
            entries.map((e) => (e.netuid !== 0 && client.hasStorage('SubtensorModule', 'ChildKeys') ? client.childHotkeys(e.hotkey, e.netuid) : undefined)),
          );
          return entries.map((e, i) => {
            const { symbol, price } = bySubnet.get(e.netuid)!;
            return {
              netuid: e.netuid,
              symbol,
              hotkeyName: names.get(e.hotkey) ?? '',
              hotkey: e.hotkey,
              stake: e.stake,
              price,
              value: taoValue(e.stake, price),
              children: links[i]?.children ?? [],
              parents: links[i]?.parents ?? [],
            };
          });
        });
        // each subnet's alpha is its own token: alpha adds up within a subnet only, TAO values across subnets
        const totals = [...new Set(rows.map((r) => r.netuid))].map((netuid) => {
          const of = rows.filter((r) => r.netuid === netuid);
          return { netuid, symbol: of[0].symbol, stake: of.reduce((a, r) => a + r.stake, 0n), value: of.reduce((a, r) => a + r.value, 0n) };
        });
        const value = rows.reduce((a, r) => a + r.value, 0n);
        const { formatProportion } = await import('../../chain/child-hotkeys.ts');
        const relations = (r: (typeof rows)[number]) =>
          [
            ...r.children.map((c) => `→ ${c.hotkey} ${formatProportion(c.proportion)}`),
            ...r.parents.map((p) => `← ${p.hotkey} ${formatProportion(p.proportion)}`),
          ].join('\n');
        const text = rows.length
          ? await table(
              ['netuid', 'hotkey', 'address', 'stake (alpha)', 'price', 'value (TAO)', 'children → / parents ←'],
              [
                ...rows.map((r) => [
                  r.netuid,
                  r.hotkeyName,
                  r.hotkey,
                  formatAlpha(r.stake, r.symbol),
                  `${formatTao(r.price)}/${r.symbol}`,
                  formatTao(r.value),
                  relations(r),
                ]),
                ...totals.map((t) => [t.netuid, 'total', '', formatAlpha(t.stake, t.symbol), '', formatTao(t.value), '']),
                ['all', '', '', '', '', formatTao(value), ''],
              ],
            )
          : `no stake from ${coldkey}`;
        emit(
          opts,
          () => text,
          () => ({
            coldkey,
            stakes: rows.map((r) => ({
              ...r,
              children: r.children.map((c) => ({ ...c, percent: formatProportion(c.proportion) })),
              parents: r.parents.map((p) => ({ ...p, percent: formatProportion(p.proportion) })),
              stake: formatAmount(r.stake),
              stakeRao: r.stake,
              price: formatAmount(r.price),
              value: formatAmount(r.value),
              valueRao: r.value,
            })),
            totals: totals.map((t) => ({ ...t, stake: formatAmount(t.stake), stakeRao: t.stake, value: formatAmount(t.value), valueRao: t.value })),
            value: formatAmount(value),
            valueRao: value,
          }),
        );
      }),
    );
}
