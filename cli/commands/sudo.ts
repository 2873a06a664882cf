import type { Command } from 'commander';
import { ROOT_PARAMETERS, rootParameterSpec } from '../../chain/root-parameters.ts';
import { SubnetError } from '../../core/errors.ts';
import { action, type GlobalOptions } from '../action.ts';
import { confirm, parseIntArg, unlockColdkey, withClient } from '../context.ts';
import { emit, examples, table, withSpinner } from '../output.ts';

export async function printHyperparameters(opts: GlobalOptions, netuid: number): Promise<void> {
  const { hyperparameterSpec } = await import('../../chain/hyperparameters.ts');
  const params = await withClient(opts, (c) => c.getHyperparameters(netuid));
  const rows = Object.entries(params).map(([name, value]) => {
    const spec = hyperparameterSpec(name);
    return [name, Array.isArray(value) ? value.join(',') : String(value), spec?.setter ? (spec.owner ? 'owner' : 'root') : '-'];
  });
  const text = await table(['hyperparameter', 'value', 'settable by'], rows);
  emit(
    opts,
    () => `subnet ${netuid}\n${text}`,
    () => ({ netuid, hyperparameters: params }),
  );
}

const ROOT_NAMES = ROOT_PARAMETERS.map((p) => p.name).join(', ');

function subnetTarget(netuid: string | undefined): number {
  if (netuid === undefined)
    throw new SubnetError('BAD_ARGUMENT', `--netuid is required for a subnet hyperparameter (root parameters, which take none: ${ROOT_NAMES})`);
  return parseIntArg(netuid, '--netuid', 0, 65535);
}

/** Root parameters are chain-wide: a --netuid would suggest a per-subnet effect that does not exist. */
function rootParameterTarget(netuid: string | undefined, param: string): void {
  if (netuid !== undefined) throw new SubnetError('BAD_ARGUMENT', `${param} is a root parameter of the whole chain: drop --netuid`);
}

async function setRootParameter(opts: GlobalOptions & { netuid?: string; param: string; value: string; sudo?: boolean }): Promise<void> {
  const { param } = opts;
  rootParameterTarget(opts.netuid, param);
  if (!opts.sudo)
    throw new SubnetError('ROOT_ONLY', `${param} is a root parameter: only root sets it, through Sudo.sudo; sign with the sudo key and pass --sudo`);
  const coldkey = await unlockColdkey(opts);
  await withClient(opts, async (client) => {
    const before = await client.getRootParameter(param).catch(() => undefined);
    const r = await withSpinner(opts, `Setting ${param}…`, () => client.setRootParameter(coldkey, { name: param, value: opts.value }));
    const after = await client.getRootParameter(param).catch(() => undefined);
    emit(
      opts,
      () => `${param} (root parameter): ${String(before)} → ${String(after)} (block ${r.blockNumber})`,
      () => ({ param, root: true, before, after, blockHash: r.blockHash, blockNumber: r.blockNumber }),
    );
  });
}

export function register(program: Command): void {
  const sudo = program
    .command('sudo')
    .description('subnet hyperparameters and root parameters of the chain: set (AdminUtils) and get')
    .addHelpText(
      'after',
      examples([
        'subnet sudo get --netuid 1',
        'subnet sudo set --netuid 1 --param min_allowed_weights --value 1 --wallet owner',
        'subnet sudo set --netuid 1 --param commit_reveal_weights_enabled --value true --wallet owner --yes',
        'subnet sudo set --netuid 1 --param tempo --value 10 --wallet alice --sudo   # root-only parameter, sudo key',
        'subnet sudo set --param network_rate_limit --value 0 --wallet alice --sudo   # chain-wide root parameter, sudo key',
        "subnet sudo apply --netuid 1 --subnet ./my-subnet --wallet owner   # the definition's hyperparameters, diff first",
      ]),
    );

  sudo
    .command('get')
    .description('show the hyperparameters of a subnet, or one root parameter of the chain')
    .option('--netuid <n>', 'subnet id (not with a root parameter)')
    .option('--param <name>', `only this hyperparameter (btcli's name, or an alias such as weights_set_rate_limit), or a root parameter (${ROOT_NAMES})`)
    .addHelpText(
      'after',
      examples(['subnet sudo get --netuid 1', 'subnet sudo get --netuid 1 --param tempo --json', 'subnet sudo get --param network_rate_limit']),
    )
    .action(
      action<{ netuid?: string; param?: string }>(async (_args, opts) => {
        if (opts.param !== undefined && rootParameterSpec(opts.param)) {
          const param = opts.param;
          rootParameterTarget(opts.netuid, param);
          const value = await withClient(opts, (c) => c.getRootParameter(param));
          return emit(
            opts,
            () => `${param} = ${String(value)} (root parameter)`,
            () => ({ param, value, root: true }),
          );
        }
        const netuid = subnetTarget(opts.netuid);
        if (!opts.param) return printHyperparameters(opts, netuid);
        const { canonicalHyperparameterName } = await import('../../chain/hyperparameters.ts');
        const param = canonicalHyperparameterName(opts.param);
        const value = await withClient(opts, (c) => c.getHyperparameter(netuid, param));
        emit(
          opts,
          () => `${param} = ${Array.isArray(value) ? value.join(',') : String(value)}`,
          () => ({ netuid, param, value }),
        );
      }),
    );

  sudo
    .command('set')
    .description("set a hyperparameter with the subnet owner's coldkey (or root with --sudo), or a root parameter of the chain with --sudo")
    .option('--netuid <n>', 'subnet id (not with a root parameter)')
    .requiredOption(
      '--param <name>',
      `hyperparameter name as in \`subnet sudo get\` (btcli's), or an alias such as weights_set_rate_limit; or a root parameter (${ROOT_NAMES})`,
    )
    .requiredOption('--value <v>', 'new value: integer, true/false, or low,high for alpha_values')
    .option('--sudo', 'wrap in Sudo.sudo (the wallet coldkey must be the sudo key, e.g. //Alice on a devnet); root parameters need it')
    .addHelpText(
      'after',
      examples([
        'subnet sudo set --netuid 1 --param immunity_period --value 100 --wallet owner',
        'subnet sudo set --param network_rate_limit --value 0 --sudo --wallet alice   # lets a fresh localnet create subnets at once',
      ]),
    )
    .action(
      action<{ netuid?: string; param: string; value: string; sudo?: boolean }>(async (_args, opts) => {
        if (rootParameterSpec(opts.param)) return setRootParameter(opts);
        const netuid = subnetTarget(opts.netuid);
        const { canonicalHyperparameterName } = await import('../../chain/hyperparameters.ts');
        const param = canonicalHyperparameterName(opts.param);
        const coldkey = await unlockColdkey(opts);
        await withClient(opts, async (client) => {
          const before = await client.getHyperparameter(netuid, param).catch(() => undefined);
          const r = await withSpinner(opts, `Setting ${param}…`, () =>
            client.setHyperparameter(coldkey, { netuid, name: param, value: opts.value, sudo: opts.sudo }),
          );
          const after = await client.getHyperparameter(netuid, param).catch(() => undefined);
          emit(
            opts,
            () => `${param} on subnet ${netuid}: ${String(before)} → ${String(after)} (block ${r.blockNumber})`,
            () => ({ netuid, param, before, after, blockHash: r.blockHash, blockNumber: r.blockNumber }),
          );
        });
      }),
    );

  sudo
    .command('apply')
    .description("set a subnet definition's hyperparameters on chain: shows the diff, asks, then sends one setter per change")
    .requiredOption('--netuid <n>', 'subnet id')
    .requiredOption('--subnet <definition>', 'subnet definition folder or subnet.yaml')
    .option('--sudo', 'send root-only changes through Sudo.sudo (the wallet coldkey must be the sudo key)')
    .addHelpText(
      'after',
      examples([
        'subnet sudo apply --netuid 1 --subnet subnet-config/examples/embedding --wallet owner',
        'subnet sudo apply --netuid 1 --subnet ./my-subnet --wallet alice --sudo --yes --json',
      ]),
    )
    .action(
      action<{ netuid: string; subnet: string; sudo?: boolean }>(async (_args, opts) => {
        const netuid = parseIntArg(opts.netuid, '--netuid', 0, 65535);
        const { loadSubnetDefinition } = await import('../../subnet-config/load-definition.ts');
        const { planHyperparameterChanges, formatHyperparameterPlan } = await import('../../subnet-config/hyperparameter-plan.ts');
        const { GENERATED_MODELS_DIR } = await import('../../scoring/models/ensure.ts');
        // the whole definition, files included, is checked before anything is sent: a half-applied broken definition is worse than none
        const definition = loadSubnetDefinition(opts.subnet, { checkFiles: { rebuiltOnDemand: (path) => path.startsWith(GENERATED_MODELS_DIR) } });
        await withClient(opts, async (client) => {
          const plan = planHyperparameterChanges(definition, await client.getHyperparameters(netuid));
          // a key this runtime cannot set fails the whole apply before anything is sent
          for (const change of plan) client.assertSettable(change.name);
          // Root-only setters can only go through Sudo; without --sudo they are reported, not sent.
          const skipped = opts.sudo ? [] : plan.filter((c) => c.origin === 'root');
          const changes = plan.filter((c) => !skipped.includes(c));
          if (!opts.json) {
            process.stderr.write(`subnet ${netuid} vs ${definition.file}:\n${formatHyperparameterPlan(plan)}\n`);
            if (skipped.length > 0) process.stderr.write(`root-only, not sent without --sudo: ${skipped.map((c) => c.name).join(', ')}\n`);
          }
          const applied: { name: string; value: string; blockNumber: number }[] = [];
          if (changes.length > 0) {
            await confirm(opts, `Send ${changes.length} hyperparameter change(s) to subnet ${netuid}?`);
            const coldkey = await unlockColdkey(opts);
            for (const change of changes) {
              const value = change.name === 'alpha_values' ? `${change.args.alpha_low},${change.args.alpha_high}` : String(change.desired);
              const r = await withSpinner(opts, `Setting ${change.name}…`, () =>
                client.setHyperparameter(coldkey, { netuid, name: change.name, value, sudo: opts.sudo && change.origin === 'root' }),
              );
              applied.push({ name: change.name, value, blockNumber: r.blockNumber });
            }
          }
          emit(
            opts,
            () => (applied.length === 0 ? 'nothing to apply' : applied.map((a) => `${a.name} = ${a.value} (block ${a.blockNumber})`).join('\n')),
            () => ({
              netuid,
              plan: plan.map((c) => ({ name: c.name, current: c.current, desired: c.desired, origin: c.origin })),
              applied,
              skipped: skipped.map((c) => c.name),
            }),
          );
        });
      }),
    );
}
