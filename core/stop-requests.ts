import type { Logger } from './logger.ts';
import { exitWithParent } from './parent-watch.ts';

/** Why a long-running command stops: a signal, or its parent process is gone. */
export type StopReason = 'signal' | 'parent';

export interface StopRequests {
  /**
   * Call once the command serves: resolves on the first SIGINT or SIGTERM, or
   * when the parent is gone, so the command can drain and stop gracefully.
   */
  serving(): Promise<StopReason>;
}

/**
 * The one way a long-running command (devnet, miner, validator) learns it
 * should stop. With `watchParent` (a `--json` child of the demo, a test or a
 * tool) the parent is watched from the start: until `serving()` there is
 * nothing to drain, so the parent's exit ends the process at once; SIGINT and
 * SIGTERM keep Node's default until then.
 */
export function stopRequests(opts: { role: string; log: Logger; watchParent: boolean }): StopRequests {
  let onParentGone: () => void = () => process.exit(1);
  if (opts.watchParent) {
    exitWithParent({
      onGone: (parent) => {
        opts.log.warn({ parent }, `parent process exited; stopping the ${opts.role}`);
        onParentGone();
      },
    });
  }
  return {
    serving: () =>
      new Promise<StopReason>((resolve) => {
        process.once('SIGINT', () => resolve('signal'));
        process.once('SIGTERM', () => resolve('signal'));
        onParentGone = () => resolve('parent');
      }),
  };
}
