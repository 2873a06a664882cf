/**
 * A process started by another one with `--json` (the demo, tests, tools) is
 * that parent's child: when the parent dies, even by `kill -9`, the child must
 * not linger as an orphan holding its ports. Linux reparents an orphan (to
 * init or a subreaper), so a change of `process.ppid` is the signal; polling
 * it costs nothing and needs no cooperation from the parent.
 */
export interface ParentWatchOptions {
  /** called once when the parent is gone: start a graceful stop */
  onGone: (parentPid: number) => void;
  /** how often to look at the parent (default 1 s) */
  intervalMs?: number;
  /** if the process is still alive this long after `onGone`, exit hard (default 5 s; 0 never) */
  forceExitAfterMs?: number;
}

/** Watches the parent process; returns a function that stops watching. */
export function exitWithParent(opts: ParentWatchOptions): () => void {
  const parent = process.ppid;
  const intervalMs = opts.intervalMs ?? 1000;
  const forceExitAfterMs = opts.forceExitAfterMs ?? 5000;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    if (forceExitAfterMs > 0) setTimeout(() => process.exit(1), forceExitAfterMs).unref();
    opts.onGone(parent);
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
