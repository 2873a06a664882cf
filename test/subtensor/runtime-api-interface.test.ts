import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { type NamedType, reachableTypes } from '../../devnet/interface/type-names.ts';
import { interfaceFromMetadata, type RuntimeInterface } from '../../devnet/interface/from-metadata.ts';
import { buildMetadata } from '../../devnet/metadata/build.ts';
import { PALLETS } from '../../devnet/runtime.ts';
import { buildRuntime } from '../../devnet/runtime/build.ts';
import { nodeRuntimeApis } from '../../devnet/runtime/node-apis.ts';
import { renderUnservedApis, servedRuntimeApis, UNSERVED_APIS_FILE } from '../../devnet/interface/unserved-apis.ts';
import { subtensorModule } from '../../devnet/pallets/subtensor/index.ts';
import { REPO_ROOT } from '../helpers/cli-process.ts';

// The runtime APIs SubtensorModule answers must be spec 381's: each served method's name,
// parameters and output type, in 381's order, and the definition of every type they name,
// as the devnet's own metadata declares them (read back with the interface generator).
const spec = JSON.parse(readFileSync(join(REPO_ROOT, 'devnet', 'interface', 'spec381.json'), 'utf8')) as RuntimeInterface;
let served: RuntimeInterface['runtimeApis'];
let ourTypes: Record<string, NamedType>;

beforeAll(async () => {
  await cryptoWaitReady();
  served = servedRuntimeApis();
  const runtime = buildRuntime(
    PALLETS,
    nodeRuntimeApis(() => {
      throw new Error('not executed');
    }),
  );
  ourTypes = interfaceFromMetadata(buildMetadata(runtime).v15, 'devnet').types;
});

describe("SubtensorModule's runtime APIs are spec 381's", () => {
  const apis = subtensorModule.runtimeApis!;

  it('serves the two sync APIs', () => {
    expect(apis.map((a) => a.name)).toEqual(expect.arrayContaining(['NeuronInfoRuntimeApi', 'SubnetInfoRuntimeApi']));
  });

  for (const api of subtensorModule.runtimeApis!) {
    it(`${api.name}: version, methods, parameters and output types`, () => {
      const real = spec.runtimeApis.find((a) => a.name === api.name);
      expect(real, `${api.name} is in spec 381`).toBeDefined();
      expect(api.version).toBe(real!.version);
      const ours = served.find((a) => a.name === api.name)!;
      const names = new Set(ours.methods.map((m) => m.name));
      expect(ours.methods).toEqual(real!.methods.filter((m) => names.has(m.name)));
      expect(names.size, 'every served method exists in 381').toBe(real!.methods.filter((m) => names.has(m.name)).length);
    });

    it(`${api.name}: every type its methods name is defined as in 381`, () => {
      const ours = served.find((a) => a.name === api.name)!;
      const exprs = ours.methods.flatMap((m) => [m.output, ...m.inputs.map((i) => i.type)]);
      const used = reachableTypes(ourTypes, exprs);
      // an API of primitives only (get_network_registration_cost: u64) names no type to compare
      const primitivesOnly = exprs.every((e) => /^(u|i)(8|16|32|64|128)$|^bool$/.test(e));
      if (primitivesOnly) expect(used.size).toBe(0);
      else expect(used.size).toBeGreaterThan(0);
      for (const name of used) expect(ourTypes[name], name).toEqual(spec.types[name]);
    });
  }

  it('serves get_metagraph, get_selective_metagraph and the metagraph forms clients sync with', () => {
    const subnetInfo = served.find((a) => a.name === 'SubnetInfoRuntimeApi')!.methods.map((m) => m.name);
    for (const m of [
      'get_metagraph',
      'get_all_metagraphs',
      'get_selective_metagraph',
      'get_subnet_state',
      'get_dynamic_info',
      'get_all_dynamic_info',
      'get_subnet_info_v2',
      'get_subnets_info_v2',
      'get_subnet_hyperparams_v2',
      'get_mechagraph',
      'get_selective_mechagraph',
    ])
      expect(subnetInfo).toContain(m);
  });

  it(`${UNSERVED_APIS_FILE} lists what the devnet does not serve (regenerate: node --import tsx devnet/interface/unserved-apis.ts)`, () => {
    expect(readFileSync(join(REPO_ROOT, UNSERVED_APIS_FILE), 'utf8')).toBe(renderUnservedApis());
  });
});
