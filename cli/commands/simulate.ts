import type { Command } from 'commander';
import { SubnetError } from '../../core/errors.ts';
import { action } from '../action.ts';
import { canSpin } from '../output.ts';

interface SimulateOptions {
  epochs?: string;
  steps?: string;
  miners?: string;
  validators?: string;
  seed?: string;
  html?: string;
  provider?: string;
  burn?: string;
  emissionSold?: string;
  stakeFlow?: string;
}

export function register(program: Command): void {
  program
    .command('simulate')
    .description(
      "run a subnet definition's real challenges, rules and models against simulated miners and validators, then Yuma Consensus over several epochs; no chain, no network",
    )
    .argument('<definition>', 'subnet folder (subnet.yaml) or definition file')
    .option('--epochs <n>', "epochs to run (default: the definition's simulation.epochs)")
    .option('--steps <n>', 'validator steps per epoch')
    .option(
      '--miners <list>',
      'comma-separated behaviours: honest, noisy[:<sigma>], random, copier, slow[:<ms>], offline, lazy; :<count> repeats one (honest:3)',
    )
    .option('--validators <list>', 'comma-separated behaviour:stake pairs, behaviour honest | weight-copier (e.g. honest:1000,weight-copier:400)')
    .option('--seed <seed>', 'seed for block hashes, validator secrets and behaviours')
    .option('--html <file>', 'also write a self-contained HTML report with charts')
    .option('--provider <p>', "override every model's execution provider: auto | cuda | cpu")
    .option(
      '--burn <fraction>',
      "fraction of the miners' incentive the owner's own hotkeys take and burn (0 to 1); the report then shows what it costs against the same market without it",
    )
    .option('--emission-sold <fraction>', 'fraction of the alpha paid out each epoch that its receivers sell right away (sell pressure, 0 to 1)')
    .option(
      '--stake-flow <list>',
      'comma-separated <tao>/block or <tao>/epoch: TAO staked (negative: unstaked) on the subnet, replacing simulation.economy.stake_flows (e.g. 5/epoch,-0.1/block)',
    )
    .addHelpText(
      'after',
      `
Examples:
  $ subnet simulate subnet-config/examples/embedding
  $ subnet simulate ./my-subnet --miners honest,honest,noisy:0.05,copier,lazy --epochs 10
  $ subnet simulate ./my-subnet --json > report.json
  $ subnet simulate ./my-subnet --html report.html
  $ subnet simulate ./my-subnet --burn 0.5
  $ subnet simulate ./my-subnet --stake-flow 20/epoch --emission-sold 0.5`,
    )
    .action(
      action<SimulateOptions>(async ([target], opts) => {
        const [
          { loadSubnetDefinition },
          { loadSubnet },
          { runSimulation },
          { summarise },
          { formatReportTable },
          { renderHtmlReport },
          { writeFileAtomic },
          { createLogger },
        ] = await Promise.all([
          import('../../subnet-config/load-definition.ts'),
          import('../../subnet-config/subnet.ts'),
          import('../../simulate/engine.ts'),
          import('../../simulate/report.ts'),
          import('../../simulate/table.ts'),
          import('../../simulate/html-report.ts'),
          import('../../core/state-file.ts'),
          import('../../core/logger.ts'),
        ]);
        const { expandMinerBehaviours } = await import('../../simulate/behaviour.ts');
        const definition = loadSubnetDefinition(target);
        const sim = definition.config.simulation;
        if (opts.provider !== undefined) {
          if (!['auto', 'cuda', 'cpu'].includes(opts.provider))
            throw new SubnetError('CLI_INVALID', `--provider must be auto, cuda or cpu, got ${opts.provider}`);
          for (const m of Object.values(definition.models)) m.provider = opts.provider as 'auto' | 'cuda' | 'cpu';
        }
        const options = {
          ...sim,
          epochs: opts.epochs !== undefined ? intOption('--epochs', opts.epochs, 1, 1000) : sim.epochs,
          steps_per_epoch: opts.steps !== undefined ? intOption('--steps', opts.steps, 1, 1000) : sim.steps_per_epoch,
          seed: opts.seed ?? sim.seed,
          miners:
            opts.miners !== undefined
              ? opts.miners
                  .split(',')
                  .map((s) => s.trim())
                  .filter(Boolean)
              : sim.miners,
          validators: opts.validators !== undefined ? parseValidators(opts.validators) : sim.validators,
          economy: {
            ...sim.economy,
            ...(opts.burn !== undefined && { burn: fractionOption('--burn', opts.burn) }),
            ...(opts.emissionSold !== undefined && { emission_sold: fractionOption('--emission-sold', opts.emissionSold) }),
            ...(opts.stakeFlow !== undefined && { stake_flows: parseStakeFlows(opts.stakeFlow) }),
          },
        };
        // fail on bad behaviours before spending seconds loading models
        expandMinerBehaviours(options.miners);
        const subnet = await loadSubnet(definition, { log: createLogger('simulate', { level: process.env.SUBNET_LOG_LEVEL ?? 'warn' }) });
        const progress = canSpin(opts) ? (await import('ora')).default({ stream: process.stderr, text: 'simulating' }).start() : undefined;
        const started = Date.now();
        const run = await runSimulation(subnet, {
          ...options,
          onProgress: (p) => {
            if (progress) progress.text = `epoch ${p.epoch + 1}/${p.epochs}, step ${p.step + 1}/${p.stepsPerEpoch}`;
          },
        });
        progress?.stop();
        const report = summarise(run);
        if (opts.html) writeFileAtomic(opts.html, renderHtmlReport(report), 0o644);
        if (opts.json) process.stdout.write(`${JSON.stringify({ ...report, providers: subnet.runtime?.describe(), elapsedMs: Date.now() - started })}\n`);
        else process.stdout.write(`${formatReportTable(report)}\n${opts.html ? `HTML report: ${opts.html}\n` : ''}`);
      }),
    );
}

function intOption(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new SubnetError('CLI_INVALID', `${name} must be an integer in [${min}, ${max}], got ${value}`);
  return n;
}

function fractionOption(name: string, value: string): number {
  const x = Number(value);
  if (value.trim() === '' || !(x >= 0 && x <= 1)) throw new SubnetError('CLI_INVALID', `${name} must be a fraction in [0, 1], got ${value}`);
  return x;
}

function parseStakeFlows(list: string): { tao: number; per: 'block' | 'epoch'; from_epoch: number }[] {
  return list.split(',').map((item) => {
    const m = /^\s*(-?[0-9]*\.?[0-9]+)\/(block|epoch)\s*$/.exec(item);
    if (!m) throw new SubnetError('CLI_INVALID', `--stake-flow entry ${JSON.stringify(item)} must be <tao>/block or <tao>/epoch (e.g. 5/epoch, -0.1/block)`);
    return { tao: Number(m[1]), per: m[2] as 'block' | 'epoch', from_epoch: 0 };
  });
}

function parseValidators(list: string): { behaviour: 'honest' | 'weight-copier'; stake: number }[] {
  return list.split(',').map((item) => {
    const [behaviour, stakeText] = item.trim().split(':');
    const stake = Number(stakeText ?? '1000');
    if ((behaviour !== 'honest' && behaviour !== 'weight-copier') || !(stake > 0)) {
      throw new SubnetError('CLI_INVALID', `--validators entry ${JSON.stringify(item)} must be honest:<stake> or weight-copier:<stake> with stake > 0`);
    }
    return { behaviour, stake };
  });
}
