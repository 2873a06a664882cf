import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { spawnDevnet } from '../devnet/harness.ts';
import { percentile, type Benchmark, type Figure } from './result.ts';

/**
 * A normal @polkadot/api client against a devnet process, unloaded and then under each RPC abuse
 * of devnet/README.md's table (run by bench/rpc-attacker.ts in a process of its own): p99 of a
 * storage read and of a transfer to inBlock, and the node's peak resident memory. The target is
 * every p99 within 5x of the unloaded one, measured again right before each attack: on a shared
 * machine the load of a minute ago is not the load now.
 */
const READS = 200;
const WRITES = 30;
const SETTLE_MS = 3_000;
const here = dirname(fileURLToPath(import.meta.url));

function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

async function measure(api: ApiPromise, pid: number): Promise<{ readP99: number; writeP99: number; failures: number; rssMax: number }> {
  const kr = new Keyring({ type: 'sr25519', ss58Format: 42 });
  const alice = kr.addFromUri('//Alice');
  const bob = kr.addFromUri('//Bob');
  let rssMax = rssMiB(pid);
  const sampler = setInterval(() => (rssMax = Math.max(rssMax, rssMiB(pid))), 100);
  const reads: number[] = [];
  const writes: number[] = [];
  let failures = 0;
  for (let i = 0; i < READS; i++) {
    const t = performance.now();
    try {
      await api.query.system.account(bob.address);
      reads.push(performance.now() - t);
    } catch {
      failures += 1;
    }
  }
  for (let i = 0; i < WRITES; i++) {
    const t = performance.now();
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('timeout')), 30_000);
        api.tx.balances
          .transferKeepAlive(bob.address, 1_000n)
          .signAndSend(alice, { nonce: -1 }, (r) => {
            if (r.status.isInBlock) {
              clearTimeout(timer);
              resolve();
            } else if (r.status.isInvalid || r.status.isDropped) {
              clearTimeout(timer);
              reject(new Error(r.status.type));
            }
          })
          .catch(reject);
      });
      writes.push(performance.now() - t);
    } catch {
      failures += 1;
    }
  }
  clearInterval(sampler);
  return { readP99: percentile(reads, 99), writeP99: percentile(writes, 99), failures, rssMax };
}

const bench: Benchmark = async () => {
  const devnet = await spawnDevnet({ mode: 'instant' });
  const pid = devnet.cli.proc.pid!;
  const api = await ApiPromise.create({ provider: new WsProvider(devnet.url, 1000, {}, 30_000), noInitWarn: true, throwOnConnect: true });
  const figures: Figure[] = [];
  const notes: string[] = [];
  const targets: { name: string; target: string; met: boolean }[] = [];
  try {
    const first = await measure(api, pid);
    figures.push({ name: 'unloaded read p99', value: first.readP99, unit: 'ms' }, { name: 'unloaded transfer p99', value: first.writeP99, unit: 'ms' });
    let worst = 1;
    for (const kind of ['idle', 'slow', 'batch'] as const) {
      const base = kind === 'idle' ? first : await measure(api, pid);
      if (kind !== 'idle')
        figures.push(
          { name: `${kind}: unloaded read p99`, value: base.readP99, unit: 'ms' },
          { name: `${kind}: unloaded transfer p99`, value: base.writeP99, unit: 'ms' },
        );
      const attacker: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(here, 'rpc-attacker.ts'), devnet.url, kind], { stdio: 'ignore' });
      await new Promise((r) => setTimeout(r, SETTLE_MS));
      const m = await measure(api, pid);
      attacker.kill('SIGKILL');
      await new Promise((r) => setTimeout(r, 2_000));
      const readRatio = m.readP99 / base.readP99;
      const writeRatio = m.writeP99 / base.writeP99;
      worst = Math.max(worst, readRatio, writeRatio);
      figures.push(
        { name: `${kind}: read p99`, value: m.readP99, unit: 'ms' },
        { name: `${kind}: transfer p99`, value: m.writeP99, unit: 'ms' },
        { name: `${kind}: failed calls`, value: m.failures, unit: 'calls' },
        { name: `${kind}: node peak RSS`, value: m.rssMax, unit: 'MiB' },
      );
      targets.push({
        name: `${kind}: p99 within 5x unloaded`,
        target: `read ${readRatio.toFixed(2)}x, transfer ${writeRatio.toFixed(2)}x`,
        met: readRatio <= 5 && writeRatio <= 5 && m.failures === 0,
      });
    }
    notes.push('attackers run in a child process of their own on loopback sources 127.0.2.1-10; the node is a `subnet devnet --instant` process');
    return {
      name: 'devnet-rpc-abuse',
      figures,
      reference: { name: 'unloaded read p99', value: first.readP99, unit: 'ms' },
      ratio: worst,
      ratioMeaning: 'worst attacked p99 / the unloaded p99 measured right before that attack (reads and transfers)',
      targets,
      notes,
    };
  } finally {
    await api.disconnect();
    await devnet.stop();
  }
};

export default bench;
