import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildMetadata } from '../metadata/build.ts';
import { PALLETS } from '../runtime.ts';
import { buildRuntime } from '../runtime/build.ts';
import { nodeRuntimeApis } from '../runtime/node-apis.ts';
import { interfaceFromMetadata, type RuntimeInterface } from './from-metadata.ts';
import { tableJson } from './generate.ts';

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Where the list is committed, relative to the repository root. */
export const UNSERVED_APIS_FILE = 'devnet/interface/spec381-unserved-apis.json';

export interface UnservedApi {
  api: string;
  /** true when the devnet serves none of its methods */
  whole: boolean;
  methods: string[];
}

/** The runtime APIs and methods of `spec` that `served` lacks, in `spec`'s order. */
export function unservedRuntimeApis(served: RuntimeInterface['runtimeApis'], spec: RuntimeInterface['runtimeApis']): UnservedApi[] {
  const out: UnservedApi[] = [];
  for (const api of spec) {
    const ours = served.find((a) => a.name === api.name);
    const methods = api.methods.map((m) => m.name).filter((m) => !ours?.methods.some((o) => o.name === m));
    if (methods.length) out.push({ api: api.name, whole: !ours, methods });
  }
  return out;
}

/** The runtime APIs the devnet serves, as its own metadata declares them. */
export function servedRuntimeApis(): RuntimeInterface['runtimeApis'] {
  const runtime = buildRuntime(
    PALLETS,
    nodeRuntimeApis(() => {
      throw new Error('the interface is read, nothing is executed');
    }),
  );
  return interfaceFromMetadata(buildMetadata(runtime).v15, 'devnet').runtimeApis;
}

export function renderUnservedApis(): string {
  const spec = JSON.parse(readFileSync(join(REPO_ROOT, 'devnet', 'interface', 'spec381.json'), 'utf8')) as RuntimeInterface;
  return tableJson(unservedRuntimeApis(servedRuntimeApis(), spec.runtimeApis));
}

// `node --import tsx devnet/interface/unserved-apis.ts` rewrites the committed list.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { cryptoWaitReady } = await import('@polkadot/util-crypto');
  await cryptoWaitReady();
  writeFileSync(join(REPO_ROOT, UNSERVED_APIS_FILE), renderUnservedApis());
  console.log(`wrote ${UNSERVED_APIS_FILE}`);
}
