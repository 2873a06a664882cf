import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { SubnetError } from '../../core/errors.ts';
import { action } from '../action.ts';
import { examples, table } from '../output.ts';
import type { EpochInput, EpochOutput } from '../../consensus/index.ts';

/**
 * `subnet epoch <state.json>`: runs Yuma Consensus offline on the JSON contract of
 * consensus/ (one epoch input, or an array of them chained with bonds and permits
 * carried forward) and prints the outputs.
 */
export function register(program: Command): void {
  program
    .command('epoch')
    .description('run Yuma Consensus (bit-exact with subtensor) on an epoch input file; an array of inputs runs as consecutive epochs')
    .argument('<state.json>', "epoch input (consensus/README.md), or an array of them; '-' reads stdin")
    .option('--table', 'print a per-uid table instead of JSON')
    .addHelpText('after', examples(['subnet epoch state.json', 'subnet epoch epochs.json --table', 'cat state.json | subnet epoch - > out.json']))
    .action(
      action<{ table?: boolean }>(async ([file], opts) => {
        const doc = await readJson(file);
        const { runEpoch } = await import('../../consensus/index.ts');
        const inputs = Array.isArray(doc) ? doc : [doc];
        if (inputs.length === 0) throw new SubnetError('EPOCH_INPUT_INVALID', `${file}: the array holds no epoch inputs`);
        const outputs: EpochOutput[] = [];
        for (let k = 0; k < inputs.length; k++) {
          let input = inputs[k] as EpochInput;
          if (k > 0 && input !== null && typeof input === 'object') input = carryForward(input, outputs[k - 1]);
          try {
            outputs.push(runEpoch(input));
          } catch (err) {
            if (err instanceof SubnetError && Array.isArray(doc)) throw new SubnetError(err.code, `${file} [${k}]: ${err.message}`, { details: err.details });
            throw err;
          }
        }
        if (opts.table && !opts.json) {
          const parts: string[] = [];
          for (let k = 0; k < outputs.length; k++) {
            const input = inputs[k] as EpochInput;
            if (outputs.length > 1) parts.push(`epoch ${k + 1}/${outputs.length}`);
            parts.push(await outputTable(input, outputs[k]));
          }
          process.stdout.write(`${parts.join('\n')}\n`);
        } else {
          process.stdout.write(`${JSON.stringify(Array.isArray(doc) ? outputs : outputs[0])}\n`);
        }
      }),
    );
}

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = file === '-' ? await readStdin() : await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'read error';
    throw new SubnetError('FILE_NOT_READABLE', `cannot read ${file}: ${code}`, { cause: err });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new SubnetError('EPOCH_INPUT_INVALID', `${file === '-' ? 'stdin' : file}: not valid JSON (${(err as Error).message})`);
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The next epoch sees the bonds and permits the previous one stored, resized if n changed. */
function carryForward(input: EpochInput, previous: EpochOutput): EpochInput {
  const n = typeof input.n === 'number' ? input.n : previous.bonds.length;
  return {
    ...input,
    bonds: Array.from({ length: n }, (_, i) => previous.bonds[i] ?? []),
    validator_permits: Array.from({ length: n }, (_, i) => previous.new_validator_permits[i] ?? false),
  };
}

function outputTable(input: EpochInput, out: EpochOutput): Promise<string> {
  const p = (v: number) => (v / 65535).toFixed(4);
  const rows = out.consensus.map((_, uid) => [
    uid,
    out.active[uid] ? 'yes' : 'no',
    String(input.stake[uid]),
    p(out.stake_weight[uid]),
    p(out.consensus[uid]),
    p(out.incentive[uid]),
    p(out.dividends[uid]),
    p(out.validator_trust[uid]),
    out.server_emission[uid],
    out.validator_emission[uid],
    out.emission[uid],
    out.new_validator_permits[uid] ? 'yes' : 'no',
  ]);
  return table(
    ['uid', 'active', 'stake (RAO)', 'stake wt', 'consensus', 'incentive', 'dividends', 'v-trust', 'server em.', 'validator em.', 'emission', 'permit'],
    rows,
    { align: ['right', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'left'] },
  );
}
