import type { Command } from 'commander';
import { action } from '../action.ts';
import { confirm, parseIntArg, unlockColdkey, walletRef, withClient } from '../context.ts';
import { emit, examples, table, withSpinner } from '../output.ts';

export function register(program: Command): void {
  const subnets = program
    .command('subnets')
    .description('list, create, start and inspect subnets')
    .addHelpText(
      'after',
      examples([
        'subnet subnets list',
        'subnet subnets create --wallet owner --yes',
        'subnet subnets start --netuid 1 --wallet owner',
        'subnet subnets show --netuid 1',
        'subnet subnets hyperparameters --netuid 1 --json',
      ]),
    );

  subnets
    .command('list')
    .description('every subnet: name, price (τ per alpha), TAO and alpha in its pool, alpha outstanding, emission share, neurons, tempo, burn, owner')
    .addHelpText('after', examples(['subnet subnets list --chain local', 'subnet subnets list --json']))
    .action(
      action(async (_args, opts) => {
        const { formatTao, formatAlpha, formatAmount } = await import('../../chain/units.ts');
        const { formatPpbPercent } = await import('../../chain/stake-price.ts');
        const [list, pools] = await withClient(opts, async (c) => {
          const subnets = await c.listSubnets();
          return [subnets, await c.subnetPools(subnets.map((s) => s.netuid))] as const;
        });
        const rows = list.map((s, i) => ({ ...s, pool: pools[i] }));
        const share = (p: (typeof pools)[number]) => (p.emissionSharePpb === undefined ? '—' : formatPpbPercent(p.emissionSharePpb));
        const text =
          list.length === 0
            ? 'no subnets'
            : await table(
                ['netuid', 'name', 'price', 'TAO in pool', 'alpha in pool', 'alpha out', 'emission', 'neurons', 'max', 'tempo', 'burn', 'owner'],
                rows.map(({ pool: p, ...s }) => [
                  s.netuid,
                  p.name,
                  `${formatTao(p.price)}/${p.symbol}`,
                  formatTao(p.taoIn),
                  formatAlpha(p.alphaIn, p.symbol),
                  formatAlpha(p.alphaOut, p.symbol),
                  share(p),
                  s.n,
                  s.maxN,
                  s.tempo,
                  formatTao(s.burn),
                  s.owner ?? '',
                ]),
              );
        emit(
          opts,
          () => text,
          () => rows.map(({ pool, ...s }) => ({ ...s, burn: formatAmount(s.burn), burnRao: s.burn, ...poolJson(pool, formatAmount) })),
        );
      }),
    );

  subnets
    .command('create')
    .description("register a new subnet (register_network), owned by the wallet's coldkey, with its hotkey as owner hotkey; shows the lock cost and asks first")
    .option('--name <name>', "the subnet's name (register_network_with_identity stores it in its identity)")
    .addHelpText(
      'after',
      examples([
        'subnet subnets create --wallet owner --hotkey default --name "text prompts"',
        'SUBNET_COLDKEY_PASSWORD=... subnet subnets create --wallet owner --yes --json',
      ]),
    )
    .action(
      action<{ name?: string }>(async (_args, opts) => {
        const w = await import('../../chain/wallet/wallet.ts');
        const { formatTao, formatAmount } = await import('../../chain/units.ts');
        const { SubnetError } = await import('../../core/errors.ts');
        const ref = walletRef(opts);
        const hotkey = await w.hotkeyAddress(ref);
        const coldkeyAddress = await w.coldkeyAddress(ref);
        await withClient(opts, async (client) => {
          const [cost, balance] = await Promise.all([client.networkRegistrationCost(), client.getBalance(coldkeyAddress)]);
          if (!opts.json) process.stderr.write(`Lock cost of a new subnet: ${formatTao(cost)} (balance ${formatTao(balance)})\n`);
          if (balance < cost)
            throw new SubnetError(
              'INSUFFICIENT_BALANCE',
              `balance ${formatTao(balance)} of coldkey ${coldkeyAddress} is below the subnet lock cost ${formatTao(cost)}; fund it first (subnet wallet transfer --wallet <funded wallet> --dest ${coldkeyAddress} --amount <tao>)`,
            );
          await confirm(
            opts,
            `Lock ${formatTao(cost)} to create a subnet${opts.name !== undefined ? ` named '${opts.name}'` : ''} owned by wallet '${ref.name}'?`,
          );
          const coldkey = await unlockColdkey(opts, ref);
          const r = await withSpinner(opts, 'Registering the subnet…', () =>
            client.registerNetwork(coldkey, hotkey, opts.name !== undefined ? { subnetName: opts.name } : undefined),
          );
          emit(
            opts,
            () =>
              `Created subnet ${r.netuid}${opts.name !== undefined ? ` '${opts.name}'` : ''} (owner ${coldkey.address}, owner hotkey ${hotkey}, locked ${formatTao(cost)}) in block ${r.blockNumber}. Start it with: subnet subnets start --netuid ${r.netuid} --wallet ${ref.name}`,
            () => ({
              netuid: r.netuid,
              name: opts.name ?? '',
              owner: coldkey.address,
              hotkey,
              lock: formatAmount(cost),
              lockRao: cost,
              blockHash: r.blockHash,
              blockNumber: r.blockNumber,
            }),
          );
        });
      }),
    );

  subnets
    .command('start')
    .description('start emissions on a subnet you own (start_call)')
    .requiredOption('--netuid <n>', 'subnet id')
    .addHelpText('after', examples(['subnet subnets start --netuid 1 --wallet owner']))
    .action(
      action<{ netuid: string }>(async (_args, opts) => {
        const netuid = parseIntArg(opts.netuid, '--netuid', 0, 65535);
        const coldkey = await unlockColdkey(opts);
        await withClient(opts, async (client) => {
          const r = await withSpinner(opts, `Starting subnet ${netuid}…`, () => client.startCall(coldkey, netuid));
          emit(
            opts,
            () => `Started subnet ${netuid} in block ${r.blockNumber}`,
            () => ({ netuid, blockHash: r.blockHash, blockNumber: r.blockNumber }),
          );
        });
      }),
    );

  subnets
    .command('show')
    .description('one subnet: its neurons with stake, incentive, dividends, emission')
    .requiredOption('--netuid <n>', 'subnet id')
    .addHelpText('after', examples(['subnet subnets show --netuid 1', 'subnet subnets show --netuid 1 --json']))
    .action(
      action<{ netuid: string }>(async (_args, opts) => {
        const netuid = parseIntArg(opts.netuid, '--netuid', 0, 65535);
        const { metagraphTable, metagraphJson } = await import('./metagraph.ts');
        const [mg, burn, symbol, [pool]] = await withClient(opts, (c) =>
          Promise.all([c.getMetagraph(netuid), c.burnCost(netuid), c.alphaSymbol(netuid), c.subnetPools([netuid])]),
        );
        const { formatTao, formatAlpha, formatAmount } = await import('../../chain/units.ts');
        const { formatPpbPercent } = await import('../../chain/stake-price.ts');
        const share = pool.emissionSharePpb === undefined ? 'not recorded by this runtime' : formatPpbPercent(pool.emissionSharePpb);
        const text = [
          `subnet ${netuid}${pool.name ? ` '${pool.name}'` : ''} at block ${mg.block}: ${mg.n} neurons, burn ${formatTao(burn)}`,
          `price ${formatTao(pool.price)} per ${symbol}; pool ${formatTao(pool.taoIn)} and ${formatAlpha(pool.alphaIn, symbol)}, ${formatAlpha(pool.alphaOut, symbol)} outstanding; emission share ${share}`,
          await metagraphTable(mg, symbol, pool.price),
        ].join('\n');
        emit(
          opts,
          () => text,
          () => ({ ...metagraphJson(mg, pool.price), alphaSymbol: symbol, burn: formatAmount(burn), burnRao: burn, ...poolJson(pool, formatAmount) }),
        );
      }),
    );

  subnets
    .command('hyperparameters')
    .description('the hyperparameters of a subnet, as btcli names them')
    .requiredOption('--netuid <n>', 'subnet id')
    .addHelpText('after', examples(['subnet subnets hyperparameters --netuid 1']))
    .action(
      action<{ netuid: string }>(async (_args, opts) => {
        const { printHyperparameters } = await import('./sudo.ts');
        await printHyperparameters(opts, parseIntArg(opts.netuid, '--netuid', 0, 65535));
      }),
    );
}

/** A subnet's pool in JSON: amounts as 9-decimal text and RAO, the price in TAO per alpha. */
function poolJson(p: import('../../chain/client.ts').SubnetPool, formatAmount: (v: bigint) => string) {
  return {
    name: p.name,
    symbol: p.symbol,
    price: formatAmount(p.price),
    priceRao: p.price,
    taoIn: formatAmount(p.taoIn),
    taoInRao: p.taoIn,
    alphaIn: formatAmount(p.alphaIn),
    alphaInRao: p.alphaIn,
    alphaOut: formatAmount(p.alphaOut),
    alphaOutRao: p.alphaOut,
    taoInEmission: p.taoInEmission === undefined ? null : formatAmount(p.taoInEmission),
    emissionShare: p.emissionSharePpb === undefined ? null : Number(p.emissionSharePpb) / 1e9,
  };
}
