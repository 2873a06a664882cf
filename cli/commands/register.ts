import type { Command } from 'commander';
import { action } from '../action.ts';
import { confirm, parseIntArg, unlockColdkey, walletRef, withClient } from '../context.ts';
import { emit, examples, withSpinner } from '../output.ts';

export function register(program: Command): void {
  program
    .command('register')
    .description("burned registration of the wallet's hotkey on a subnet; shows the burn cost and asks first")
    .requiredOption('--netuid <n>', 'subnet id')
    .addHelpText(
      'after',
      examples([
        'subnet register --netuid 1 --wallet miner1 --hotkey default',
        'SUBNET_COLDKEY_PASSWORD=... subnet register --netuid 1 --wallet validator --yes --json',
      ]),
    )
    .action(
      action<{ netuid: string }>(async (_args, opts) => {
        const netuid = parseIntArg(opts.netuid, '--netuid', 0, 65535);
        const w = await import('../../chain/wallet/wallet.ts');
        const { formatTao, formatAmount } = await import('../../chain/units.ts');
        const { SubnetError } = await import('../../core/errors.ts');
        const ref = walletRef(opts);
        const hotkey = await w.hotkeyAddress(ref);
        const coldkeyAddress = await w.coldkeyAddress(ref);
        await withClient(opts, async (client) => {
          const existing = await client.uidOf(netuid, hotkey);
          if (existing !== undefined)
            throw new SubnetError('ALREADY_REGISTERED', `hotkey ${hotkey} is already registered on subnet ${netuid} as uid ${existing}`);
          const [cost, balance] = await Promise.all([client.burnCost(netuid), client.getBalance(coldkeyAddress)]);
          if (!opts.json) process.stderr.write(`Burn cost on subnet ${netuid}: ${formatTao(cost)} (balance ${formatTao(balance)})\n`);
          if (balance < cost)
            throw new SubnetError(
              'INSUFFICIENT_BALANCE',
              `balance ${formatTao(balance)} of coldkey ${coldkeyAddress} is below the burn cost ${formatTao(cost)}; fund it first (subnet wallet transfer --wallet <funded wallet> --dest ${coldkeyAddress} --amount <tao>)`,
            );
          await confirm(opts, `Register hotkey ${hotkey} on subnet ${netuid} for ${formatTao(cost)}?`);
          const coldkey = await unlockColdkey(opts, ref);
          const r = await withSpinner(opts, 'Registering…', () => client.burnedRegister(coldkey, netuid, hotkey));
          emit(
            opts,
            () => `Registered hotkey ${hotkey} on subnet ${netuid} as uid ${r.uid} (burned ${formatTao(cost)}, block ${r.blockNumber})`,
            () => ({
              netuid,
              uid: r.uid,
              hotkey,
              coldkey: coldkeyAddress,
              burn: formatAmount(cost),
              burnRao: cost,
              blockHash: r.blockHash,
              blockNumber: r.blockNumber,
            }),
          );
        });
      }),
    );
}
