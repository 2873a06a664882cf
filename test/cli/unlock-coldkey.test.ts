import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedPassword, type PasswordSource } from '../../chain/wallet/password.ts';
import { createColdkey } from '../../chain/wallet/wallet.ts';
import { isSubnetError } from '../../core/errors.ts';
import type { GlobalOptions } from '../../cli/action.ts';
import { unlockColdkey } from '../../cli/context.ts';

const dir = mkdtempSync(join(tmpdir(), 'subnet-unlock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const PASSWORD = 'unlock-test-password';
/** argon2i at 512 MiB per derivation: seconds idle, far longer on a loaded machine */
const ARGON_TIMEOUT = 300_000;

function opts(wallet: string): GlobalOptions {
  return { chain: 'local', walletDir: dir, wallet, hotkey: 'default', json: true };
}

/** Counts the passwords asked for: each one costs exactly one key derivation. */
function counting(password: string): PasswordSource & { asked: number } {
  const inner = fixedPassword(password);
  const source = {
    asked: 0,
    unlock: (what: string) => {
      source.asked++;
      return inner.unlock(what);
    },
    choose: (what: string) => inner.choose(what),
  };
  return source;
}

beforeAll(async () => {
  await createColdkey({ dir, name: 'owner', hotkey: 'default' }, { uri: '//Alice' }, { passwords: fixedPassword(PASSWORD) });
}, ARGON_TIMEOUT);

describe('unlockColdkey', () => {
  it(
    'derives the key once however many steps of a command ask for it',
    async () => {
      const source = counting(PASSWORD);
      const [a, b] = await Promise.all([unlockColdkey(opts('owner'), undefined, source), unlockColdkey(opts('owner'), undefined, source)]);
      const c = await unlockColdkey(opts('owner'), undefined, source);
      expect(source.asked).toBe(1);
      expect(a.address).toBe('5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY');
      expect(b).toBe(a);
      expect(c).toBe(a);
    },
    ARGON_TIMEOUT,
  );

  it(
    'does not remember a wrong password',
    async () => {
      await createColdkey({ dir, name: 'other', hotkey: 'default' }, { uri: '//Bob' }, { passwords: fixedPassword(PASSWORD) });
      const wrong = counting('not the password');
      const err = await unlockColdkey(opts('other'), undefined, wrong).catch((e: unknown) => e);
      expect(isSubnetError(err, 'WALLET_WRONG_PASSWORD')).toBe(true);
      const right = counting(PASSWORD);
      expect((await unlockColdkey(opts('other'), undefined, right)).address).toBe('5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty');
      expect(right.asked).toBe(1);
    },
    ARGON_TIMEOUT,
  );
});
