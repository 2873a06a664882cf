import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { metagraphSourceOf, SELECTIVE_METAGRAPH_INDEX } from '../../chain/metagraph-reader.ts';
import { REPO_ROOT } from '../helpers/cli-process.ts';

const spec381 = JSON.parse(readFileSync(join(REPO_ROOT, 'devnet', 'interface', 'spec381.json'), 'utf8')) as {
  types: Record<string, { fields: { name: string }[] }>;
};
const camel = (snake: string) => snake.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

describe('the metagraph reader', () => {
  it("asks get_selective_metagraph for the fields by spec 381's SelectiveMetagraph indexes", () => {
    const fields = spec381.types.SelectiveMetagraph!.fields.map((f) => camel(f.name));
    for (const [name, index] of Object.entries(SELECTIVE_METAGRAPH_INDEX)) expect(fields[index], name).toBe(name);
  });

  it('reads from the best runtime API the metadata declares, else storage', () => {
    const fn = () => undefined;
    const metagraph = { subnetInfoRuntimeApi: { getSelectiveMetagraph: fn, getMetagraph: fn }, neuronInfoRuntimeApi: { getNeuronsLite: fn } };
    expect(metagraphSourceOf({ call: metagraph })).toBe('selective-metagraph');
    // a runtime whose SubnetInfoRuntimeApi predates the metagraph (only get_subnet_info)
    expect(metagraphSourceOf({ call: { subnetInfoRuntimeApi: { getSubnetInfo: fn }, neuronInfoRuntimeApi: { getNeuronsLite: fn } } })).toBe('neurons-lite');
    // metadata before V15 declares no runtime APIs
    expect(metagraphSourceOf({ call: {} })).toBe('storage');
    expect(metagraphSourceOf({})).toBe('storage');
  });
});
