import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isSubnetError, SubnetError } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import { type BlockMode, DevnetNode } from './node.ts';
import { type RpcServer, startRpcServer } from './rpc/server.ts';

export interface DevnetOptions {
  host: string;
  port: number;
  dataDir: string;
  mode: BlockMode;
  reset?: boolean;
  /** path of a genesis JSON file */
  genesisFile?: string;
  log: Logger;
}

export interface RunningDevnet {
  node: DevnetNode;
  server: RpcServer;
  close(): Promise<void>;
}

/** Reads and parses a genesis file, naming the file in every error. */
export function readGenesisFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new SubnetError('DEVNET_GENESIS', `cannot read genesis file ${path}: ${(err as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new SubnetError('DEVNET_GENESIS', `genesis file ${path} is not valid JSON: ${(err as Error).message}`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new SubnetError('DEVNET_GENESIS', `genesis file ${path} must hold a JSON object`);
  return value as Record<string, unknown>;
}

/** Starts the node and its RPC server. */
export async function startDevnetNode(options: DevnetOptions): Promise<RunningDevnet> {
  const genesis = options.genesisFile ? readGenesisFile(resolve(options.genesisFile)) : undefined;
  let node: DevnetNode;
  try {
    node = await DevnetNode.start({ dataDir: resolve(options.dataDir), reset: options.reset, mode: options.mode, genesis, log: options.log });
  } catch (err) {
    // a field path alone does not tell the operator which file to edit
    if (options.genesisFile && isSubnetError(err, 'DEVNET_GENESIS'))
      throw new SubnetError('DEVNET_GENESIS', `genesis file ${resolve(options.genesisFile)}: ${err.message}`, { cause: err });
    throw err;
  }
  let server: RpcServer;
  try {
    server = await startRpcServer(node, { host: options.host, port: options.port }, options.log);
  } catch (err) {
    await node.close();
    const code = (err as NodeJS.ErrnoException).code;
    throw new SubnetError('DEVNET_LISTEN', `cannot listen on ${options.host}:${options.port}${code ? ` (${code})` : ''}`, { cause: err });
  }
  // metadata is built once; do it now rather than on the first client's request
  setImmediate(() => void node.loadMetadata().catch((err) => options.log.error({ err }, 'metadata build failed')));
  return {
    node,
    server,
    async close() {
      await server.close();
      await node.close();
    },
  };
}
