import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli-process.ts';
import { importCycles, importGraph } from './import-graph.ts';

const eslint = new ESLint({ cwd: REPO_ROOT });

/** The messages of the wall rules for a module at `filePath` holding `code`. */
async function wallErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${REPO_ROOT}/${filePath}` });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax').map((m) => m.message);
}

describe('walls between role folders', () => {
  it.each([
    ['devnet/zz.ts', "import { ChainClient } from '../chain/client.ts';", 'wall "devnet"'],
    ['devnet/rpc/zz.ts', "import type { Miner } from '../../miner/miner.ts';", 'wall "devnet"'],
    ['devnet/rpc/zz.ts', "import { AuthFailureBudget } from '../../protocol/auth-failure-budget.ts';", 'wall "devnet"'],
    ['devnet/pallets/subtensor/zz.ts', "import { x } from '../../../subnet-config/subnet.ts';", 'wall "devnet"'],
    ['chain/zz.ts', "import { DevnetNode } from '../devnet/node.ts';", 'wall "chain"'],
    ['chain/wallet/zz.ts', "export const n = () => import('../../devnet/node.ts');", 'wall "chain"'],
    ['consensus/zz.ts', "import { x } from '../chain/weights.ts';", 'wall "consensus"'],
    ['protocol/zz.ts', "import { x } from '../miner/policy.ts';", 'wall "protocol"'],
    ['protocol/bittensor-http/zz.ts', "import { x } from '../../scoring/rule.ts';", 'wall "protocol"'],
    ['scoring/zz.ts', "import { x } from '../subnet-config/subnet.ts';", 'wall "scoring"'],
    ['validator/zz.ts', "import { x } from '../cli/context.ts';", 'wall "entry-points"'],
    ['bench/zz.ts', "import { x } from '../test/helpers/devnet.ts';", 'wall "entry-points"'],
  ])('%s: %s fails lint, naming the wall', async (file, code, wall) => {
    const errors = await wallErrors(file, code);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(wall);
  });

  it.each([
    ['devnet/zz.ts', "import { SubnetError } from '../core/errors.ts'; import { x } from './node.ts';"],
    ['consensus/zz.ts', "import { SubnetError } from '../core/errors.ts'; import { x } from './fixed.ts';"],
    ['protocol/bittensor-http/zz.ts', "import { x } from '../../core/errors.ts'; import { y } from '../errors.ts';"],
    ['subnet-config/zz.ts', "import { x } from '../scoring/rule.ts';"],
    ['validator/zz.ts', "import { x } from '../chain/client.ts'; import { y } from '../protocol/errors.ts';"],
  ])('%s: %s passes', async (file, code) => {
    expect(await wallErrors(file, code)).toEqual([]);
  });
});

describe('the import graph', () => {
  it('has no circles (type-only and dynamic imports included)', () => {
    expect(importCycles(importGraph(REPO_ROOT))).toEqual([]);
  });
});
