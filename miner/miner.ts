import { join } from 'node:path';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { Logger } from '../core/logger.ts';
import { SubnetError } from '../core/errors.ts';
import { Axon, type AxonOptions } from '../protocol/ws/axon.ts';
import { HttpAxon } from '../protocol/bittensor-http/http-axon.ts';
import { EpistulaAxon } from '../protocol/epistula/epistula-axon.ts';
import { ProtocolError } from '../protocol/errors.ts';
import type { SynapseHandler } from '../protocol/synapse-handler.ts';
import type { Subnet } from '../subnet-config/subnet.ts';
import type { MinerBackend } from './backends/backend.ts';
import { CallerDirectory } from './caller-directory.ts';
import { ensureServing, type MinerChain } from './chain-presence.ts';
import { MetagraphSync, type MetagraphSource } from './metagraph-sync.ts';
import { MinerMetrics } from './metrics.ts';
import { MinerPolicy, type MinerPolicyConfig } from './policy.ts';

export interface MinerOptions {
  netuid: number;
  uid: number;
  hotkey: KeyringPair;
  subnet: Subnet;
  backend: MinerBackend;
  chain: MinerChain & MetagraphSource;
  metrics: MinerMetrics;
  log: Logger;
  /** bind address */
  host: string;
  port: number;
  /** the address announced on chain; defaults to the bind address */
  externalIp?: string;
  policy?: Partial<MinerPolicyConfig>;
  axon?: Partial<
    Pick<
      AxonOptions,
      | 'maxFrameBytes'
      | 'maxConnections'
      | 'maxPendingConnections'
      | 'idleTimeoutMs'
      | 'handshakeTimeoutMs'
      | 'maxTimeoutMs'
      | 'authFailureBurst'
      | 'authFailuresPerSecond'
    >
  >;
  syncIntervalMs?: number;
  /** where the axons journal their replay tables, so that a restarted miner refuses what it already served; memory only without it */
  dataDir?: string;
  /** also serve the synapses over Bittensor's HTTP axon protocol (Python validators) on this port; 0 picks one */
  bittensorHttpPort?: number;
  /**
   * also answer Bittensor HTTP requests (`POST /<Synapse>`) on the axon's own port, the one
   * announced on chain, where a Python validator sends them; WebSocket clients are unaffected
   */
  bittensorHttpOnAxonPort?: boolean;
  /**
   * also answer Epistula v2 signed HTTP requests (`POST /<Synapse>` with `Epistula-*` headers, what
   * SN1- and SN4-style validators send) on the axon's own port; the other protocols are unaffected
   */
  epistulaOnAxonPort?: boolean;
}

export interface RunningMiner {
  url: string;
  port: number;
  ip: string;
  axon: Axon;
  /** the Bittensor HTTP axon, when bittensorHttpPort or bittensorHttpOnAxonPort was given */
  httpAxon?: HttpAxon;
  bittensorHttpPort?: number;
  /** the Epistula axon, when epistulaOnAxonPort was given */
  epistulaAxon?: EpistulaAxon;
  policy: MinerPolicy;
  sync: MetagraphSync;
  servedOnChain: boolean;
  chainWarning?: string;
  /** graceful: refuse new work, drain in-flight requests, close */
  stop(drainMs?: number): Promise<void>;
}

/** Validates requests against the subnet's synapse schema before the backend sees them. */
function validated(subnet: Subnet, synapse: string, handler: SynapseHandler): SynapseHandler {
  return (call, ctx) => {
    const problem = subnet.checkRequest(synapse, call.body);
    if (problem !== undefined) throw new ProtocolError('BAD_REQUEST', `${synapse} request: ${problem}`);
    return handler(call, ctx);
  };
}

/**
 * What the axons log when a handler throws (a 500 to the caller). A broken
 * backend throws on every request, so the miner logs these once and counts
 * the rest (`createLogger`'s `repeating`).
 */
export const HANDLER_FAILED_MESSAGES = ['handler failed', 'http axon handler failed'];

/**
 * A miner: the axon, the policy fed by metagraph sync, the backend's
 * handlers, metrics and health on the same port, and its chain record kept
 * current. Registration happens before (see chain-presence.ts).
 */
export async function startMiner(o: MinerOptions): Promise<RunningMiner> {
  const directory = new CallerDirectory();
  const sync = new MetagraphSync(o.chain, o.netuid, directory, {
    intervalMs: o.syncIntervalMs ?? 12_000,
    timeoutMs: 30_000,
    log: o.log,
    onSync: (m) => o.metrics.metagraphBlock.set(m.block),
  });
  const metagraph = await sync.syncOnce();
  const policy = new MinerPolicy(directory, { ...o.policy, netuid: o.netuid });

  const synapses = Object.keys(o.subnet.definition.config.synapses);
  // the largest request any synapse allows, plus room for the envelope
  const largest = Math.max(...synapses.map((s) => o.subnet.definition.config.synapses[s].max_request_bytes ?? 0), 0);
  const maxFrameBytes = o.axon?.maxFrameBytes ?? (largest > 0 ? largest + 4096 : undefined);

  let started = false;
  // same hotkey, policy (blacklist, stake, rate limits) and handlers as the WebSocket axon
  const httpAxon =
    o.bittensorHttpPort !== undefined || o.bittensorHttpOnAxonPort
      ? new HttpAxon({
          keypair: o.hotkey,
          host: o.host,
          port: o.bittensorHttpPort,
          policy,
          observer: o.metrics.observer(),
          logger: o.log,
          maxBodyBytes: maxFrameBytes,
          maxConnections: o.axon?.maxConnections,
          maxTimeoutMs: o.axon?.maxTimeoutMs,
          authFailureBurst: o.axon?.authFailureBurst,
          authFailuresPerSecond: o.axon?.authFailuresPerSecond,
          ...(o.dataDir !== undefined ? { replayLogPath: join(o.dataDir, 'replay-bittensor-http.jsonl') } : {}),
        })
      : undefined;
  const epistulaAxon = o.epistulaOnAxonPort
    ? new EpistulaAxon({
        ...(o.dataDir !== undefined ? { replayLogPath: join(o.dataDir, 'replay-epistula.jsonl') } : {}),
        keypair: o.hotkey,
        policy,
        observer: o.metrics.observer(),
        logger: o.log,
        maxBodyBytes: maxFrameBytes,
        maxTimeoutMs: o.axon?.maxTimeoutMs,
        authFailureBurst: o.axon?.authFailureBurst,
        authFailuresPerSecond: o.axon?.authFailuresPerSecond,
      })
    : undefined;
  const healthAndMetrics = o.metrics.httpHandler((): { ok: boolean; [k: string]: unknown } => {
    const age = sync.lastSyncAt === undefined ? undefined : Date.now() - sync.lastSyncAt;
    const fresh = age !== undefined && age < 10 * (o.syncIntervalMs ?? 12_000);
    return {
      ok: started && fresh,
      netuid: o.netuid,
      uid: o.uid,
      hotkey: o.hotkey.address,
      metagraphBlock: directory.block,
      metagraphAgeMs: age,
      ...axon.stats(),
      ...policy.stats(),
    };
  });
  const axon: Axon = new Axon({
    keypair: o.hotkey,
    host: o.host,
    port: o.port,
    policy,
    observer: o.metrics.observer(),
    logger: o.log,
    ...o.axon,
    maxFrameBytes,
    ...(o.dataDir !== undefined ? { replayLogPath: join(o.dataDir, 'replay-ws.jsonl') } : {}),
    // Epistula requests are told apart by their headers, before the SDK's requests (which share POST /<Synapse>)
    httpHandler: (req, res) =>
      healthAndMetrics(req, res) || (epistulaAxon?.serve(req, res) ?? false) || (o.bittensorHttpOnAxonPort === true && httpAxon!.serve(req, res)),
  });
  for (const synapse of synapses) {
    const handler = o.backend.handlers[synapse];
    if (handler) axon.attach(synapse, validated(o.subnet, synapse, handler));
  }
  if (axon.handlers.size === 0)
    throw new SubnetError('MINER_BACKEND', `backend ${o.backend.name} serves none of the subnet's synapses (${synapses.join(', ')})`);
  if (httpAxon) for (const [synapse, handler] of axon.handlers) httpAxon.attach(synapse, handler);
  if (epistulaAxon) for (const [synapse, handler] of axon.handlers) epistulaAxon.attach(synapse, handler);

  const { port } = await axon.listen();
  if (httpAxon && o.bittensorHttpPort !== undefined) {
    await httpAxon.listen().catch(async (err: unknown) => {
      await axon.close(0);
      throw err;
    });
  }
  const ip = o.externalIp ?? (o.host === '0.0.0.0' || o.host === '::' ? '127.0.0.1' : o.host);
  // a serve refused under the serving rate limit is retried in the background until stop()
  const servingRetry = new AbortController();
  const serving = await ensureServing(o.chain, {
    netuid: o.netuid,
    uid: o.uid,
    hotkey: o.hotkey,
    ip,
    port,
    metagraph,
    log: o.log,
    signal: servingRetry.signal,
  });
  sync.start();
  started = true;
  const urlHost = o.host === '0.0.0.0' ? '127.0.0.1' : o.host.includes(':') ? `[${o.host}]` : o.host;

  return {
    url: `ws://${urlHost}:${port}`,
    port,
    ip,
    axon,
    ...(httpAxon ? { httpAxon } : {}),
    ...(httpAxon && o.bittensorHttpPort !== undefined ? { bittensorHttpPort: httpAxon.port } : {}),
    ...(epistulaAxon ? { epistulaAxon } : {}),
    policy,
    sync,
    servedOnChain: serving.served,
    chainWarning: serving.warning,
    stop: async (drainMs = 10_000) => {
      started = false;
      servingRetry.abort();
      sync.stop();
      // on the axon's port the HTTP axon answers until that server has closed: close it (and its replay log) after
      await Promise.all([axon.close(drainMs), o.bittensorHttpPort !== undefined ? httpAxon?.close() : undefined]);
      if (o.bittensorHttpPort === undefined) await httpAxon?.close();
      await epistulaAxon?.close();
      await o.backend.close?.();
    },
  };
}
