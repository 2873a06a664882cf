import type { GlobalOptions } from './action.ts';

/**
 * Command output. Humans get tables and a spinner (stderr, TTY only); `--json`
 * gets exactly one JSON document on stdout and nothing else. Heavy modules
 * (ora, cli-table3) load on first use so `subnet --help` stays fast.
 */

/** JSON with bigint as decimal strings and typed arrays as plain arrays. */
export function toJson(value: unknown): string {
  return JSON.stringify(
    value,
    (_k, v: unknown) => {
      if (typeof v === 'bigint') return v.toString();
      if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>);
      return v;
    },
    2,
  );
}

export function printJson(value: unknown): void {
  process.stdout.write(`${toJson(value)}\n`);
}

/** Prints `human()` as text, or `json()` with --json. */
export function emit(opts: Pick<GlobalOptions, 'json'>, human: () => string, json: () => unknown): void {
  if (opts.json) printJson(json());
  else process.stdout.write(`${human()}\n`);
}

export async function table(head: string[], rows: (string | number)[][], options: { align?: ('left' | 'right')[] } = {}): Promise<string> {
  const { default: Table } = await import('cli-table3');
  const t = new Table({
    head,
    style: { head: process.stdout.isTTY ? ['cyan'] : [], border: process.stdout.isTTY ? ['grey'] : [] },
    ...(options.align ? { colAligns: options.align } : {}),
  });
  for (const r of rows) t.push(r.map(String));
  return t.toString();
}

/**
 * Whether a spinner may draw on stderr: a terminal that reports its width.
 * A pty with 0 columns (`script`, some CI and container terminals) sends ora
 * into an endless clear-line loop, so it gets no spinner.
 */
export function canSpin(opts: Pick<GlobalOptions, 'json'>): boolean {
  return !opts.json && process.stderr.isTTY === true && (process.stderr.columns ?? 0) > 0;
}

export interface Progress {
  succeed(text?: string): void;
  fail(): void;
}

/**
 * Shows that slow work is under way on an interactive stderr: a spinner where
 * one can draw (`canSpin`), else the text as one plain line on a terminal;
 * nothing with --json or off a terminal.
 */
export async function startProgress(opts: Pick<GlobalOptions, 'json'>, text: string): Promise<Progress> {
  if (canSpin(opts)) {
    const spinner = (await import('ora')).default({ text, stream: process.stderr }).start();
    return { succeed: (t) => spinner.succeed(t), fail: () => spinner.fail() };
  }
  if (!opts.json && process.stderr.isTTY === true) process.stderr.write(`${text}\n`);
  return { succeed: () => undefined, fail: () => undefined };
}

/**
 * Runs `work` (a chain submission) under a spinner on an interactive stderr;
 * silent with --json or when not on a TTY. The spinner never writes to stdout.
 * Ctrl-C meanwhile exits 130 with one line saying the transaction may already
 * be on its way, so nobody retries blindly and pays twice.
 */
export async function withSpinner<T>(opts: Pick<GlobalOptions, 'json'>, text: string, work: () => Promise<T>): Promise<T> {
  const spinner = canSpin(opts) ? (await import('ora')).default({ text, stream: process.stderr }).start() : undefined;
  const interrupted = () => {
    spinner?.stop();
    process.stderr.write(
      `error: interrupted (${text.replace(/…$/, '')}): a transaction already sent may still be included; check the chain before retrying [INTERRUPTED]\n`,
    );
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  try {
    const out = await work();
    spinner?.succeed();
    return out;
  } catch (err) {
    spinner?.fail();
    throw err;
  } finally {
    process.off('SIGINT', interrupted);
  }
}

/** "Examples:" block for --help. */
export function examples(lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;
}
