import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Command, Option } from 'commander';

/**
 * Builds the `subnet` program without running it. Each file in `cli/commands/`
 * exports `register(program)` and adds one command group; heavy modules are
 * imported inside actions so that `subnet --help` stays fast.
 */
export async function buildProgram(): Promise<Command> {
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  const program = new Command('subnet')
    .version(version, '-V, --version', 'print the subnetkit version')
    .description('subnetkit: run Bittensor-style incentivized subnets (devnet, miners, validators, Yuma consensus)')
    .addOption(new Option('--chain <url>', 'chain endpoint: ws(s):// URL or alias local | test | finney | archive').env('SUBNET_CHAIN').default('local'))
    .addOption(new Option('--wallet-dir <dir>', 'wallet directory (btcli layout)').env('SUBNET_WALLET_DIR').default('~/.bittensor/wallets'))
    .addOption(new Option('--wallet <name>', 'wallet (coldkey) name').env('SUBNET_WALLET').default('default'))
    .addOption(new Option('--hotkey <name>', 'hotkey name').env('SUBNET_HOTKEY').default('default'))
    .addOption(new Option('--json', 'machine-readable output on stdout only').env('SUBNET_JSON'))
    .addOption(new Option('-y, --yes', 'answer yes to every prompt').env('SUBNET_YES'))
    .addOption(new Option('--verbose', 'print stack traces on errors').env('SUBNET_VERBOSE'))
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({ sortSubcommands: true, showGlobalOptions: true });

  const commandsDir = join(dirname(fileURLToPath(import.meta.url)), 'commands');
  for (const file of readdirSync(commandsDir)
    .filter((f) => f.endsWith('.ts'))
    .sort()) {
    const mod = (await import(pathToFileURL(join(commandsDir, file)).href)) as { register: (p: Command) => void };
    mod.register(program);
  }
  return program;
}
