import type { Command } from 'commander';
import type { TemplateName } from '../../subnet-config/scaffold.ts';
import { action } from '../action.ts';
import { examples } from '../output.ts';

interface InitOptions {
  template: string;
  name?: string;
}

export function register(program: Command): void {
  program
    .command('init')
    .description('scaffold a working subnet definition: subnet.yaml, challenge generator, reference miner, a custom rule stub, tests, README')
    .argument('<dir>', 'folder to create (must be new or empty)')
    .option('--template <name>', 'embedding | generation', 'embedding')
    .option('--name <name>', 'subnet name (default: from the folder name)')
    .addHelpText(
      'after',
      `
Examples:
  $ subnet init my-subnet
  $ subnet init ./subnets/answers --template generation
  $ subnet simulate my-subnet`,
    )
    .action(
      action<InitOptions>(async ([dir], opts) => {
        const { scaffoldSubnet } = await import('../../subnet-config/scaffold.ts');
        const template = opts.template as TemplateName;
        const files = scaffoldSubnet(dir, template, { name: opts.name });
        if (opts.json) process.stdout.write(`${JSON.stringify({ dir, template, files })}\n`);
        else process.stdout.write(`created ${dir} from template ${template}:\n${files.map((f) => `  ${f}`).join('\n')}\nnext: subnet simulate ${dir}\n`);
      }),
    );

  program
    .command('config-reference')
    .description('print the subnet.yaml configuration reference (markdown, generated from the zod schemas)')
    .addHelpText('after', examples(['subnet config-reference > REFERENCE.md']))
    .action(
      action(async () => {
        const { configurationReference } = await import('../../subnet-config/reference-doc.ts');
        process.stdout.write(`${configurationReference()}\n`);
      }),
    );
}
