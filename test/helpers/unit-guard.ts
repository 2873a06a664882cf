import childProcess from 'node:child_process';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';
import { SubnetError } from '../../core/errors.ts';

/**
 * Setup file of the `unit` project (vitest.config.ts): a unit test that starts a
 * process, listens or opens a socket fails at once with TEST_NOT_UNIT instead of
 * quietly slowing the fast suite down. Such a test belongs in a `*.int.test.ts`.
 */
const refuse = (what: string) => () => {
  throw new SubnetError('TEST_NOT_UNIT', `${what} in a unit test: rename the file to *.int.test.ts (see vitest.config.ts)`);
};

for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'] as const) {
  (childProcess as unknown as Record<string, unknown>)[name] = refuse(`child_process.${name}()`);
}
// the named ESM exports of node:child_process are copies; this re-reads them from the patched module
syncBuiltinESMExports();

// every server (http, ws, net) listens through net.Server, every client (fetch, ws, http) connects through net.Socket
net.Server.prototype.listen = refuse('listen()') as typeof net.Server.prototype.listen;
net.Socket.prototype.connect = refuse('a socket connection') as typeof net.Socket.prototype.connect;
