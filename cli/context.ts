import type { KeyringPair } from '@polkadot/keyring/types';
import type { PasswordSource } from '../chain/wallet/password.ts';
import type { WalletRef } from '../chain/wallet/wallet.ts';
import { SubnetError } from '../core/errors.ts';
import type { GlobalOptions } from './action.ts';
import { startProgress, type Progress } from './output.ts';

/**
 * What chain commands share: the wallet named by the global options, a client
 * that is always closed, confirmations. Chain and wallet modules load lazily.
 */
export function walletRef(opts: GlobalOptions, overrides: { wallet?: string; hotkey?: string } = {}) {
  return { dir: opts.walletDir, name: overrides.wallet ?? opts.wallet, hotkey: overrides.hotkey ?? opts.hotkey };
}

const NOISY = /^(\S+\s+){0,3}(API|API-WS|API\/[A-Z]+|RPC-CORE|REGISTRY|METADATA|DRR)(\/[A-Z]+)?:/;

/** polkadot-js logs through console; keep the one-line error contract unless --verbose. */
function quietPolkadot(verbose: boolean | undefined): () => void {
  if (verbose) return () => undefined;
  const original = { warn: console.warn, error: console.error, log: console.log };
  const filter =
    (fn: (...a: unknown[]) => void) =>
    (...args: unknown[]) => {
      const text = args
        .map((a) => (typeof a === 'string' ? a : ''))
        .join(' ')
        .trim();
      if (NOISY.test(text)) return;
      fn(...args);
    };
  console.warn = filter(original.warn);
  console.error = filter(original.error);
  console.log = filter(original.log);
  return () => Object.assign(console, original);
}

export async function withClient<T>(opts: GlobalOptions, fn: (client: import('../chain/client.ts').SubtensorClient) => Promise<T>): Promise<T> {
  const restore = quietPolkadot(opts.verbose);
  const { SubtensorClient } = await import('../chain/client.ts');
  try {
    const client = await SubtensorClient.connect(opts.chain, { connectTimeoutMs: 15_000 });
    try {
      return await fn(client);
    } finally {
      await client.close();
    }
  } finally {
    restore();
  }
}

/** --yes, or an interactive y/N; refuses to guess when there is no terminal. */
export async function confirm(opts: GlobalOptions, question: string): Promise<void> {
  if (opts.yes) return;
  if (!process.stdin.isTTY) throw new SubnetError('CONFIRMATION_REQUIRED', `${question} — not a terminal: pass --yes to confirm`);
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    // Ctrl-C at the prompt rejects with an AbortError: the same outcome as answering no
    const answer = await rl.question(`${question} [y/N] `).catch(() => '');
    if (!/^y(es)?$/i.test(answer.trim())) throw new SubnetError('CANCELLED', 'cancelled');
  } finally {
    rl.close();
  }
}

export async function passwords() {
  const { defaultPasswordSource } = await import('../chain/wallet/password.ts');
  return defaultPasswordSource();
}

/** Coldkeys this process has unlocked, by keyfile path: a command derives each key once. */
const unlocked = new Map<string, Promise<KeyringPair>>();

/**
 * The wallet's coldkey signing pair. Decrypting takes argon2i at btwallet's
 * parameters (512 MiB, seconds of CPU, far longer on a loaded machine), so a
 * terminal shows "unlocking coldkey…" meanwhile, after any password prompt,
 * and a command that needs the key in several steps pays for it once.
 * `source` supplies the password (default: SUBNET_COLDKEY_PASSWORD or a prompt).
 */
export async function unlockColdkey(opts: GlobalOptions, ref: WalletRef = walletRef(opts), source?: PasswordSource): Promise<KeyringPair> {
  const w = await import('../chain/wallet/wallet.ts');
  const key = w.walletPaths(ref).coldkey;
  let pending = unlocked.get(key);
  if (!pending) {
    pending = (async () => {
      const inner = source ?? (await passwords());
      let progress: Progress | undefined;
      const started = Date.now();
      const announce: PasswordSource = {
        unlock: async (what) => {
          const password = await inner.unlock(what);
          // after the prompt: a spinner must not draw over it
          progress = await startProgress(opts, `unlocking ${what}…`);
          return password;
        },
        choose: (what) => inner.choose(what),
      };
      try {
        const pair = await w.loadColdkey(ref, announce);
        progress?.succeed(`unlocked coldkey '${ref.name}' (${((Date.now() - started) / 1000).toFixed(1)} s)`);
        return pair;
      } catch (err) {
        progress?.fail();
        throw err;
      }
    })();
    unlocked.set(key, pending);
    // a wrong password is not remembered
    pending.catch(() => unlocked.delete(key));
  }
  return pending;
}

export function parseIntArg(value: string, what: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (!/^\d+$/.test(value.trim())) throw new SubnetError('BAD_ARGUMENT', `${what} must be a non-negative integer, got '${value}'`);
  const n = Number(value);
  if (n < min || n > max) throw new SubnetError('BAD_ARGUMENT', `${what} must be within ${min}..${max}, got ${n}`);
  return n;
}

export function parseList(value: string, what: string): number[] {
  const parts = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (parts.length === 0) throw new SubnetError('BAD_ARGUMENT', `${what} is empty`);
  return parts.map((p) => {
    const n = Number(p);
    if (!Number.isFinite(n) || n < 0) throw new SubnetError('BAD_ARGUMENT', `${what}: '${p}' is not a non-negative number`);
    return n;
  });
}
