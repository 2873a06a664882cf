import type { Command } from 'commander';
import { SubnetError } from '../../core/errors.ts';
import { action, type GlobalOptions } from '../action.ts';
import { confirm, passwords, unlockColdkey, walletRef, withClient } from '../context.ts';
import { emit, examples, table, withSpinner } from '../output.ts';

interface KeyOpts {
  usePassword?: boolean;
  words?: string;
  overwrite?: boolean;
  printMnemonic?: boolean;
  mnemonic?: string;
  seed?: string;
  uri?: string;
  hotkeyUri?: string;
}

const WORDS = new Set(['12', '15', '18', '21', '24']);

function words(o: KeyOpts): { words: 12 | 15 | 18 | 21 | 24 } {
  const w = o.words ?? '12';
  if (!WORDS.has(w)) throw new SubnetError('BAD_ARGUMENT', `--words must be one of 12, 15, 18, 21, 24, got ${w}`);
  return { words: Number(w) as 12 };
}

/** A mnemonic or seed for regen: the option, SUBNET_MNEMONIC, or a hidden prompt (never echoed, never logged). */
async function secretSource(o: KeyOpts): Promise<{ mnemonic: string } | { uri: string }> {
  if (o.seed) return { uri: o.seed };
  const m = o.mnemonic ?? process.env.SUBNET_MNEMONIC;
  if (m) return { mnemonic: m };
  const { promptHidden } = await import('../../chain/wallet/password.ts');
  return { mnemonic: await promptHidden('Enter your mnemonic: ') };
}

function mnemonicNote(o: KeyOpts, mnemonic: string | undefined, what: string): string {
  if (!mnemonic) return '';
  if (o.printMnemonic) return `\n${what} mnemonic (write it down, keep it offline): ${mnemonic}`;
  return `\nThe ${what} mnemonic is stored in the keyfile${what === 'coldkey' ? ' (encrypted)' : ''}; it is never printed unless you pass --print-mnemonic.`;
}

export function register(program: Command): void {
  // the root program's examples (cli/main.ts owns the program; the chain workflow starts with a wallet)
  program.addHelpText(
    'after',
    examples([
      'subnet wallet create --wallet validator',
      'subnet subnets list --chain local',
      'subnet register --netuid 1 --wallet validator',
      'subnet metagraph --netuid 1 --json',
      'subnet <command> --help',
    ]),
  );
  const wallet = program
    .command('wallet')
    .description('create, import and inspect btcli-compatible wallets; balances and transfers')
    .addHelpText(
      'after',
      examples([
        'subnet wallet create --wallet validator --hotkey default',
        'subnet wallet import --uri //Alice --wallet owner',
        'subnet wallet list',
        'subnet wallet balance --wallet validator --chain local',
        'subnet wallet transfer --wallet owner --dest 5F... --amount 10',
      ]),
    );

  wallet
    .command('create')
    .description('create a coldkey (encrypted) and a hotkey (plain, as btcli does) if they do not exist')
    .option('--words <n>', 'mnemonic length: 12, 15, 18, 21 or 24', '12')
    .option('--no-use-password', 'store the coldkey unencrypted (test wallets only)')
    .option('--overwrite', 'replace existing keyfiles')
    .option('--print-mnemonic', 'show the new mnemonics once on the terminal')
    .addHelpText('after', examples(['subnet wallet create --wallet miner1', 'SUBNET_COLDKEY_PASSWORD=... subnet wallet create --wallet v --hotkey h1 --json']))
    .action(
      action<KeyOpts>(async (_args, opts) => {
        const w = await import('../../chain/wallet/wallet.ts');
        const ref = walletRef(opts);
        const paths = w.walletPaths(ref);
        const { existsSync } = await import('node:fs');
        const result: Record<string, unknown> = { wallet: ref.name, hotkeyName: ref.hotkey };
        const notes: string[] = [];
        if (!existsSync(paths.coldkey) || opts.overwrite) {
          const c = await w.createColdkey(ref, words(opts), { passwords: await passwords(), encrypt: opts.usePassword !== false, overwrite: opts.overwrite });
          result.coldkey = c.address;
          result.coldkeyEncrypted = c.encrypted;
          notes.push(
            `Created coldkey ${c.address} (${c.encrypted ? 'encrypted' : 'NOT encrypted'}) in ${paths.coldkey}${mnemonicNote(opts, c.mnemonic, 'coldkey')}`,
          );
        } else {
          result.coldkey = await w.coldkeyAddress(ref);
          notes.push(`Coldkey ${result.coldkey} already exists in ${paths.coldkey}`);
        }
        if (!existsSync(paths.hotkey) || opts.overwrite) {
          const h = await w.createHotkey(ref, words(opts), { overwrite: opts.overwrite });
          result.hotkey = h.address;
          notes.push(`Created hotkey '${ref.hotkey}' ${h.address} in ${paths.hotkey}${mnemonicNote(opts, h.mnemonic, 'hotkey')}`);
        } else {
          result.hotkey = await w.hotkeyAddress(ref);
          notes.push(`Hotkey '${ref.hotkey}' ${result.hotkey} already exists`);
        }
        emit(
          opts,
          () => notes.join('\n'),
          () => result,
        );
      }),
    );

  wallet
    .command('regen-coldkey')
    .description('restore a coldkey from its mnemonic (--mnemonic, SUBNET_MNEMONIC or a prompt) or seed')
    .option('--mnemonic <words>', 'the BIP39 mnemonic (prefer the prompt: arguments are visible to other users)')
    .option('--seed <hex>', '0x-prefixed 32-byte secret seed')
    .option('--no-use-password', 'store the coldkey unencrypted')
    .option('--overwrite', 'replace an existing coldkey')
    .addHelpText(
      'after',
      examples(['subnet wallet regen-coldkey --wallet restored', 'SUBNET_MNEMONIC="word1 … word12" subnet wallet regen-coldkey --wallet restored --overwrite']),
    )
    .action(
      action<KeyOpts>(async (_args, opts) => {
        const w = await import('../../chain/wallet/wallet.ts');
        const ref = walletRef(opts);
        const source = await secretSource(opts);
        const c = await w.createColdkey(ref, source, { passwords: await passwords(), encrypt: opts.usePassword !== false, overwrite: opts.overwrite });
        emit(
          opts,
          () => `Regenerated coldkey ${c.address} in ${c.path}`,
          () => ({ wallet: ref.name, coldkey: c.address, coldkeyEncrypted: c.encrypted }),
        );
      }),
    );

  wallet
    .command('regen-hotkey')
    .description('restore a hotkey from its mnemonic or seed')
    .option('--mnemonic <words>', 'the BIP39 mnemonic')
    .option('--seed <hex>', '0x-prefixed 32-byte secret seed')
    .option('--overwrite', 'replace an existing hotkey')
    .addHelpText('after', examples(['subnet wallet regen-hotkey --wallet validator --hotkey default']))
    .action(
      action<KeyOpts>(async (_args, opts) => {
        const w = await import('../../chain/wallet/wallet.ts');
        const ref = walletRef(opts);
        const h = await w.createHotkey(ref, await secretSource(opts), { overwrite: opts.overwrite });
        emit(
          opts,
          () => `Regenerated hotkey '${ref.hotkey}' ${h.address} in ${h.path}`,
          () => ({ wallet: ref.name, hotkeyName: ref.hotkey, hotkey: h.address }),
        );
      }),
    );

  wallet
    .command('import')
    .description('import a coldkey from a secret URI (e.g. //Alice on a local chain); creates a hotkey if missing')
    .requiredOption('--uri <uri>', 'secret URI: //Alice, <mnemonic>//path, 0x<seed>')
    .option('--hotkey-uri <uri>', 'secret URI for the hotkey (default: a new mnemonic)')
    .option('--no-use-password', 'store the coldkey unencrypted')
    .option('--overwrite', 'replace existing keyfiles')
    .addHelpText(
      'after',
      examples([
        'subnet wallet import --uri //Alice --wallet owner',
        'subnet wallet import --uri //Bob --hotkey-uri //Bob//hot --wallet bob --no-use-password',
      ]),
    )
    .action(
      action<KeyOpts>(async (_args, opts) => {
        const w = await import('../../chain/wallet/wallet.ts');
        const { existsSync } = await import('node:fs');
        const ref = walletRef(opts);
        const c = await w.createColdkey(
          ref,
          { uri: opts.uri! },
          { passwords: await passwords(), encrypt: opts.usePassword !== false, overwrite: opts.overwrite },
        );
        const paths = w.walletPaths(ref);
        let hotkey: string;
        if (!existsSync(paths.hotkey) || opts.overwrite || opts.hotkeyUri) {
          hotkey = (await w.createHotkey(ref, opts.hotkeyUri ? { uri: opts.hotkeyUri } : { words: 12 }, { overwrite: true })).address;
        } else {
          hotkey = await w.hotkeyAddress(ref);
        }
        emit(
          opts,
          () => `Imported coldkey ${c.address} (${c.encrypted ? 'encrypted' : 'NOT encrypted'}) into wallet '${ref.name}'; hotkey '${ref.hotkey}' ${hotkey}`,
          () => ({ wallet: ref.name, coldkey: c.address, coldkeyEncrypted: c.encrypted, hotkeyName: ref.hotkey, hotkey }),
        );
      }),
    );

  wallet
    .command('list')
    .description('list wallets and hotkeys in the wallet directory (public files only)')
    .addHelpText('after', examples(['subnet wallet list', 'subnet wallet list --wallet-dir ./wallets --json']))
    .action(
      action(async (_args, opts) => {
        const { listWallets, expandHome } = await import('../../chain/wallet/wallet.ts');
        const wallets = await listWallets(opts.walletDir);
        const rows = wallets.flatMap((w) => [[w.name, 'coldkey', w.coldkey ?? '?'], ...w.hotkeys.map((h) => ['', `hotkey ${h.name}`, h.address ?? '?'])]);
        const text = wallets.length ? await table(['wallet', 'key', 'ss58 address'], rows) : `no wallets in ${expandHome(opts.walletDir)}`;
        emit(
          opts,
          () => text,
          () => wallets,
        );
      }),
    );

  wallet
    .command('show')
    .description('show the addresses of a wallet (and balance with --balance)')
    .option('--balance', 'also read the free balance from the chain')
    .addHelpText('after', examples(['subnet wallet show --wallet validator', 'subnet wallet show --wallet validator --balance --chain local']))
    .action(
      action<{ balance?: boolean }>(async (_args, opts) => {
        const w = await import('../../chain/wallet/wallet.ts');
        const ref = walletRef(opts);
        const paths = w.walletPaths(ref);
        const coldkey = await w.coldkeyAddress(ref);
        const hotkey = await w.hotkeyAddress(ref).catch(() => undefined);
        let free: bigint | undefined;
        if (opts.balance) free = await withClient(opts, (c) => c.getBalance(coldkey));
        const { formatTao, formatAmount } = await import('../../chain/units.ts');
        emit(
          opts,
          () =>
            [
              `wallet   ${ref.name} (${paths.root})`,
              `coldkey  ${coldkey}`,
              `hotkey   ${ref.hotkey} ${hotkey ?? '(none)'}`,
              ...(free !== undefined ? [`balance  ${formatTao(free)}`] : []),
            ].join('\n'),
          () => ({
            wallet: ref.name,
            path: paths.root,
            coldkey,
            hotkeyName: ref.hotkey,
            hotkey,
            ...(free !== undefined ? { balance: formatAmount(free), balanceRao: free } : {}),
          }),
        );
      }),
    );

  wallet
    .command('balance')
    .description('free balance of a wallet coldkey, or of every wallet with --all')
    .option('--all', 'every wallet in the wallet directory')
    .option('--ss58 <address>', 'any address instead of a wallet')
    .addHelpText(
      'after',
      examples([
        'subnet wallet balance --wallet owner',
        'subnet wallet balance --all --json',
        'subnet wallet balance --ss58 5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY',
      ]),
    )
    .action(
      action<{ all?: boolean; ss58?: string }>(async (_args, opts) => {
        const w = await import('../../chain/wallet/wallet.ts');
        const { formatTao, formatAmount } = await import('../../chain/units.ts');
        let targets: { wallet: string; coldkey: string }[];
        if (opts.ss58) targets = [{ wallet: '-', coldkey: opts.ss58 }];
        else if (opts.all) targets = (await w.listWallets(opts.walletDir)).filter((x) => x.coldkey).map((x) => ({ wallet: x.name, coldkey: x.coldkey! }));
        else targets = [{ wallet: opts.wallet, coldkey: await w.coldkeyAddress(walletRef(opts)) }];
        const balances = await withClient(opts, (c) => Promise.all(targets.map(async (t) => ({ ...t, free: await c.getBalance(t.coldkey) }))));
        const total = balances.reduce((a, b) => a + b.free, 0n);
        if (opts.json) {
          emit(
            opts,
            () => '',
            () => ({
              balances: balances.map((b) => ({ ...b, balance: formatAmount(b.free), balanceRao: b.free, free: undefined })),
              total: formatAmount(total),
            }),
          );
          return;
        }
        const rows = balances.map((b) => [b.wallet, b.coldkey, formatTao(b.free)]);
        rows.push(['total', '', formatTao(total)]);
        process.stdout.write(`${await table(['wallet', 'coldkey', 'free balance'], rows, { align: ['left', 'left', 'right'] })}\n`);
      }),
    );

  wallet
    .command('transfer')
    .description('send TAO from the wallet coldkey (keeps the account alive unless --allow-death)')
    .requiredOption('--dest <ss58>', 'destination address')
    .requiredOption('--amount <tao>', 'amount in TAO (up to 9 decimals)')
    .option('--allow-death', 'allow the sender to drop below the existential deposit')
    .addHelpText('after', examples(['subnet wallet transfer --wallet owner --dest 5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty --amount 100 --yes']))
    .action(
      action<{ dest: string; amount: string; allowDeath?: boolean }>(async (_args, opts) => {
        await transfer(opts);
      }),
    );
}

async function transfer(opts: GlobalOptions & { dest: string; amount: string; allowDeath?: boolean }): Promise<void> {
  const { parseTao, formatTao, formatAmount } = await import('../../chain/units.ts');
  const { publicKeyOf, cryptoReady } = await import('../../chain/wallet/keypair.ts');
  await cryptoReady();
  publicKeyOf(opts.dest);
  const amount = parseTao(opts.amount);
  if (amount === 0n) throw new SubnetError('BAD_AMOUNT', 'amount must be greater than 0');
  const ref = walletRef(opts);
  await confirm(opts, `Transfer ${formatTao(amount)} from wallet '${ref.name}' to ${opts.dest}?`);
  const coldkey = await unlockColdkey(opts, ref);
  await withClient(opts, async (client) => {
    const before = await client.getBalance(coldkey.address);
    if (before < amount) throw new SubnetError('INSUFFICIENT_BALANCE', `balance ${formatTao(before)} is less than ${formatTao(amount)}`);
    const r = await withSpinner(opts, `Transferring ${formatTao(amount)}…`, () =>
      client.transfer(coldkey, { dest: opts.dest, amount, keepAlive: !opts.allowDeath }),
    );
    const after = await client.getBalance(coldkey.address);
    emit(
      opts,
      () => `Transferred ${formatTao(amount)} to ${opts.dest} in block ${r.blockNumber} (${r.blockHash}); balance ${formatTao(before)} → ${formatTao(after)}`,
      () => ({
        from: coldkey.address,
        dest: opts.dest,
        amount: formatAmount(amount),
        amountRao: amount,
        blockHash: r.blockHash,
        blockNumber: r.blockNumber,
        balance: formatAmount(after),
      }),
    );
  });
}
