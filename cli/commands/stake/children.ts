import type { Command } from 'commander';
import { SubnetError } from '../../../core/errors.ts';
import { action, type GlobalOptions } from '../../action.ts';
import { confirm, parseIntArg, unlockColdkey, walletRef, withClient } from '../../context.ts';
import { emit, examples, table, withSpinner } from '../../output.ts';

interface ChildOpts {
  netuid: string;
  hotkeySs58?: string;
  child: string[];
  clear?: boolean;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** The parent (or child) hotkey: `--hotkey-ss58`, else the wallet's hotkey (`--hotkey` names it). */
async function hotkeyOf(opts: GlobalOptions & { hotkeySs58?: string }): Promise<string> {
  if (opts.hotkeySs58 !== undefined) return opts.hotkeySs58;
  const w = await import('../../../chain/wallet/wallet.ts');
  return w.hotkeyAddress(walletRef(opts));
}

async function setChildren(opts: GlobalOptions & ChildOpts): Promise<void> {
  const ch = await import('../../../chain/child-hotkeys.ts');
  const netuid = parseIntArg(opts.netuid, '--netuid', 1, 65535);
  if (opts.clear && opts.child.length > 0) throw new SubnetError('BAD_OPTIONS', '--clear and --child contradict each other: pass one');
  if (!opts.clear && opts.child.length === 0)
    throw new SubnetError('BAD_OPTIONS', 'give each child as --child <ss58>:<proportion> (for example --child 5F…:0.5), or --clear to remove them');
  const children = opts.child.map(ch.parseChildSpec);
  const hotkey = await hotkeyOf(opts);
  ch.checkChildren(hotkey, children);
  await withClient(opts, async (client) => {
    const list = children.map((c) => `${c.hotkey} (${ch.formatProportion(c.proportion)})`).join(', ');
    await confirm(
      opts,
      children.length === 0
        ? `Remove the children of ${hotkey} on subnet ${netuid}? This applies after the cooldown, at the subnet's next epoch.`
        : `Lend ${hotkey}'s stake on subnet ${netuid} to ${list}? This applies after the cooldown, at the subnet's next epoch.`,
    );
    const coldkey = await unlockColdkey(opts, walletRef(opts));
    const r = await withSpinner(opts, 'Scheduling children…', () => client.setChildren(coldkey, { hotkey, netuid, children }));
    const scheduled = r.events.find((e) => e.method === 'SetChildrenScheduled');
    const cooldownBlock = scheduled ? Number(scheduled.data[2]) : null;
    emit(
      opts,
      () => `Children of ${hotkey} on subnet ${netuid} scheduled (block ${r.blockNumber}); they apply at the first epoch after block ${cooldownBlock}`,
      () => ({
        hotkey,
        netuid,
        children: children.map((c) => ({ hotkey: c.hotkey, proportion: c.proportion, percent: ch.formatProportion(c.proportion) })),
        cooldownBlock,
        blockHash: r.blockHash,
        blockNumber: r.blockNumber,
      }),
    );
  });
}

async function getChildren(opts: GlobalOptions & { netuid: string; hotkeySs58?: string }): Promise<void> {
  const ch = await import('../../../chain/child-hotkeys.ts');
  const netuid = parseIntArg(opts.netuid, '--netuid', 0, 65535);
  const hotkey = await hotkeyOf(opts);
  const rel = await withClient(opts, (client) => client.childHotkeys(hotkey, netuid));
  const rows = [
    ...rel.children.map((c) => ['child', c.hotkey, ch.formatProportion(c.proportion)]),
    ...rel.parents.map((p) => ['parent', p.hotkey, ch.formatProportion(p.proportion)]),
    ...(rel.pending?.children ?? []).map((c) => [`pending (after block ${rel.pending!.cooldownBlock})`, c.hotkey, ch.formatProportion(c.proportion)]),
  ];
  const pendingClear = rel.pending && rel.pending.children.length === 0 ? `\nremoval of the children pending (after block ${rel.pending.cooldownBlock})` : '';
  const text = rows.length
    ? `${await table(['relation', 'hotkey', 'proportion of the parent stake'], rows)}\nchildkey take ${ch.formatTake(rel.take)}${pendingClear}`
    : `${hotkey} has no children or parents on subnet ${netuid} (childkey take ${ch.formatTake(rel.take)})${pendingClear}`;
  const links = (l: { hotkey: string; proportion: bigint }[]) => l.map((c) => ({ ...c, percent: ch.formatProportion(c.proportion) }));
  emit(
    opts,
    () => text,
    () => ({
      hotkey,
      netuid,
      children: links(rel.children),
      parents: links(rel.parents),
      pending: rel.pending && { children: links(rel.pending.children), cooldownBlock: rel.pending.cooldownBlock },
      take: rel.take,
      takePercent: ch.formatTake(rel.take),
    }),
  );
}

async function setTake(opts: GlobalOptions & { netuid: string; take: string; hotkeySs58?: string }): Promise<void> {
  const ch = await import('../../../chain/child-hotkeys.ts');
  const netuid = parseIntArg(opts.netuid, '--netuid', 0, 65535);
  const take = ch.parseTake(opts.take);
  const hotkey = await hotkeyOf(opts);
  await withClient(opts, async (client) => {
    await confirm(opts, `Set the childkey take of ${hotkey} on subnet ${netuid} to ${ch.formatTake(take)}?`);
    const coldkey = await unlockColdkey(opts, walletRef(opts));
    const r = await withSpinner(opts, 'Setting the childkey take…', () => client.setChildkeyTake(coldkey, { hotkey, netuid, take }));
    emit(
      opts,
      () => `Childkey take of ${hotkey} on subnet ${netuid} is ${ch.formatTake(take)} (block ${r.blockNumber})`,
      () => ({ hotkey, netuid, take, takePercent: ch.formatTake(take), blockHash: r.blockHash, blockNumber: r.blockNumber }),
    );
  });
}

/** `subnet stake children set|get` and `subnet stake childkey-take set`. */
export function registerChildren(stake: Command): void {
  const children = stake
    .command('children')
    .description('child hotkeys: a parent hotkey lends a proportion of its stake on a subnet to up to 5 children, which share their dividends with it');
  children
    .command('set')
    .description("schedule the children of the wallet's hotkey (or --hotkey-ss58) on a subnet; they apply at the subnet's first epoch after the cooldown")
    .requiredOption('--netuid <n>', 'subnet id (not root)')
    .option('--child <ss58:proportion>', 'a child and the fraction of the parent stake it gets (repeat for up to 5)', collect, [])
    .option('--clear', 'remove all children')
    .option('--hotkey-ss58 <address>', "the parent hotkey, if not the wallet's")
    .addHelpText(
      'after',
      examples([
        'subnet stake children set --netuid 1 --child 5F…:0.5 --child 5G…:0.25 --wallet validator',
        'subnet stake children set --netuid 1 --clear --wallet validator',
      ]),
    )
    .action(action<ChildOpts>((_args, opts) => setChildren(opts)));
  children
    .command('get')
    .description("the children, parents and scheduled children of the wallet's hotkey (or --hotkey-ss58) on a subnet, and its childkey take")
    .requiredOption('--netuid <n>', 'subnet id')
    .option('--hotkey-ss58 <address>', "the hotkey, if not the wallet's")
    .addHelpText(
      'after',
      examples(['subnet stake children get --netuid 1 --wallet validator', 'subnet stake children get --netuid 1 --hotkey-ss58 5F… --json']),
    )
    .action(action<{ netuid: string; hotkeySs58?: string }>((_args, opts) => getChildren(opts)));

  stake
    .command('childkey-take')
    .description("a child hotkey's take of the dividends it passes to parents of other coldkeys")
    .command('set')
    .description("set the childkey take of the wallet's hotkey (or --hotkey-ss58) on a subnet; a raise is rate limited, a cut is not")
    .requiredOption('--netuid <n>', 'subnet id')
    .requiredOption('--take <fraction>', 'the take as a fraction (0.1 = 10 %; the chain allows up to MaxChildkeyTake, 18 %)')
    .option('--hotkey-ss58 <address>', "the child hotkey, if not the wallet's")
    .addHelpText('after', examples(['subnet stake childkey-take set --netuid 1 --take 0.1 --wallet validator']))
    .action(action<{ netuid: string; take: string; hotkeySs58?: string }>((_args, opts) => setTake(opts)));
}
