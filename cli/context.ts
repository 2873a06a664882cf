import { SubnetError } from '../core/errors.ts';
import type { GlobalOptions } from './action.ts';

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
      const text = args.map((a) => (typeof a === 'string' ? a : '')).join(' ').trim();
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

export function parseIntArg(value: string, what: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (!/^\d+$/.test(value.trim())) throw new SubnetError('BAD_ARGUMENT', `${what} must be a non-negative integer, got '${value}'`);
  const n = Number(value);
  if (n < min || n > max) throw new SubnetError('BAD_ARGUMENT', `${what} must be within ${min}..${max}, got ${n}`);
  return n;
}

export function parseList(value: string, what: string): number[] {
  const parts = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (parts.length === 0) throw new SubnetError('BAD_ARGUMENT', `${what} is empty`);
  return parts.map((p) => {
    const n = Number(p);
    if (!Number.isFinite(n) || n < 0) throw new SubnetError('BAD_ARGUMENT', `${what}: '${p}' is not a non-negative number`);
    return n;
  });
}
