import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describeError, SubnetError } from '../../core/errors.ts';
import { interfaceFromMetadata } from './from-metadata.ts';
import { renderSpec381Module, SPEC381_MODULE } from './render-spec381.ts';
import { normaliseSpec293, SPEC293_INPUT } from './spec293.ts';

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** `subtensor-metadata-spec381.scale` → the spec version it records. */
const METADATA_INPUT = /^subtensor-metadata-spec(\d+)\.scale$/;

/** The tables as JSON files: one space of indent, one trailing newline, so diffs stay line-sized. */
export function tableJson(value: unknown): string {
  return `${JSON.stringify(value, null, 1)}\n`;
}

/**
 * Derives the repository's interface tables from the reference inputs in `from`:
 * `devnet/interface/spec293.json` from the spec-293 interface (the client's tests
 * against a real spec-293 chain), `devnet/interface/spec<N>.json` from every
 * `subtensor-metadata-spec<N>.scale`, and from spec 381 (the runtime the devnet
 * serves) `devnet/pallets/subtensor/spec381.ts`. Returns the files written, relative to the repository root.
 */
export function generateInterfaces(from: string): string[] {
  if (!existsSync(from)) throw new SubnetError('INTERFACE_INPUT_MISSING', `no reference directory at ${from} (pass --from <dir>)`);
  const written: string[] = [];
  const write = (rel: string, text: string) => {
    writeFileSync(join(REPO_ROOT, rel), text);
    written.push(rel);
  };

  const spec293Path = join(from, SPEC293_INPUT);
  if (!existsSync(spec293Path)) throw new SubnetError('INTERFACE_INPUT_MISSING', `no ${SPEC293_INPUT} in ${from}`);
  const spec293 = normaliseSpec293(JSON.parse(readFileSync(spec293Path, 'utf8')));
  write('devnet/interface/spec293.json', tableJson(spec293));

  const metadataFiles = readdirSync(from)
    .filter((f) => METADATA_INPUT.test(f))
    .sort();
  if (metadataFiles.length === 0) throw new SubnetError('INTERFACE_INPUT_MISSING', `no subtensor-metadata-spec<N>.scale in ${from}`);
  for (const file of metadataFiles) {
    const spec = Number(METADATA_INPUT.exec(file)![1]);
    const table = interfaceFromMetadata(
      new Uint8Array(readFileSync(join(from, file))),
      `subtensor metadata of spec ${spec}, derived by devnet/interface/generate.ts`,
    );
    if (table.runtime && table.runtime.specVersion !== spec) {
      throw new SubnetError('INTERFACE_INPUT_INVALID', `${file} records spec ${table.runtime.specVersion}, not ${spec}`);
    }
    write(`devnet/interface/spec${spec}.json`, tableJson(table));
    // rendered from the table as written, so the test that re-renders it from the repository file agrees
    if (spec === 381) write(SPEC381_MODULE, renderSpec381Module(JSON.parse(tableJson(table))));
  }
  return written;
}

/**
 * `npm run interface -- --from <dir>`: the inputs live outside the repository (the project's
 * reference folder), so their place is always given; nothing reads them at test or run time.
 */
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const argv = process.argv.slice(2);
  const fromAt = argv.indexOf('--from');
  try {
    if (fromAt < 0 || !argv[fromAt + 1]) {
      throw new SubnetError(
        'INTERFACE_INPUT_MISSING',
        'say where the reference inputs are: npm run interface -- --from <dir holding subtensor-interface-spec293.json and subtensor-metadata-spec*.scale>',
      );
    }
    for (const rel of generateInterfaces(resolve(argv[fromAt + 1]))) process.stdout.write(`wrote ${rel}\n`);
  } catch (err) {
    process.stderr.write(`${describeError(err)}\n`);
    process.exitCode = 1;
  }
}
