import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../core/logger.ts';
import { startDevnetNode } from '../../devnet/serve.ts';

const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
const BOB = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty';
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function startWith(genesis: unknown): Promise<{ err: unknown; file: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'subnet-genesis-'));
  dirs.push(dir);
  const file = join(dir, 'genesis.json');
  writeFileSync(file, JSON.stringify(genesis));
  try {
    const running = await startDevnetNode({
      host: '127.0.0.1',
      port: 0,
      dataDir: join(dir, 'chain'),
      mode: { kind: 'manual' },
      genesisFile: file,
      log: createLogger('test', { level: 'silent' }),
    });
    await running.close();
    return { err: undefined, file };
  } catch (err) {
    return { err, file };
  }
}

describe('genesis balances', () => {
  it('a negative balance names the file, the field and what would fit', async () => {
    const { err, file } = await startWith({
      balances: [
        [ALICE, '1000'],
        [BOB, '-5'],
      ],
    });
    expect(err).toMatchObject({ code: 'DEVNET_GENESIS' });
    const message = (err as Error).message;
    expect(message).toContain(`genesis file ${file}`);
    expect(message).toContain('genesis.balances[1][1]: "-5" is not a balance');
    expect(message).toMatch(/whole number of RAO from 0 to 18446744073709551615/);
  });

  it('a balance past u64 is refused the same way', async () => {
    const { err } = await startWith({ balances: [[ALICE, '18446744073709551616']] });
    expect((err as Error).message).toContain('genesis.balances[0][1]: "18446744073709551616" is not a balance');
  });

  it('a valid balance list starts the chain', async () => {
    const { err } = await startWith({
      balances: [
        [ALICE, '1000000000'],
        [BOB, 5],
      ],
    });
    expect(err).toBeUndefined();
  });
});
