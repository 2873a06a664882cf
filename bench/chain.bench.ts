import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { u8aToHex } from '@polkadot/util';
import { runEpoch, SUBTENSOR_EPOCH_DEFAULTS, type EpochInput } from '../consensus/index.ts';
import { getDevAccounts } from '../devnet/account.ts';
import type { StorageItem } from '../devnet/pallet.ts';
import * as st from '../devnet/pallets/subtensor/storage.ts';
import { PALLETS } from '../devnet/runtime.ts';
import { buildRuntime } from '../devnet/runtime/build.ts';
import { SeededRng } from '../scoring/challenge.ts';
import { spawnDevnet } from '../devnet/harness.ts';
import { percentile, type Benchmark } from './result.ts';
import { runsEpoch } from '../chain/epoch-schedule.ts';

/**
 * SubtensorModule on a devnet child process: the production time of an epoch
 * block for a full subnet (256 uids, 64 validators with dense weights) and the
 * latency of `getNeuronsLite` for those 256 uids. Reference: pure `runEpoch` on
 * the same epoch input, timed in this process (ratio = epoch block / runEpoch),
 * i.e. how much the chain adds around the consensus maths.
 */
const N = 256;
const VALIDATORS = 64;
const NETUID = 1;
const EPOCHS = 24;
const WARMUP_BLOCKS = 12;
const QUERIES = 30;

interface Population {
  pairs: [string, string][];
  input: EpochInput;
}

/** Raw `dev_setStorage` pairs for the full subnet, and the matching epoch input. */
function population(block: number): Population {
  buildRuntime(PALLETS, []);
  const pairs: [string, string][] = [];
  const put = <K extends unknown[], V>(item: StorageItem<K, V>, ...args: [...K, V]) => {
    const keys = args.slice(0, -1) as unknown as K;
    pairs.push([item.key(...keys), u8aToHex(item.encodeValue(args[args.length - 1] as V))]);
  };
  const rng = new SeededRng('chain-bench');
  const random = () => rng.float();
  const hotkeys = Array.from({ length: N }, (_, uid) => `0x${(uid + 1).toString(16).padStart(64, '0')}` as `0x${string}`);
  const cold = getDevAccounts()[1].accountId;
  const stake = hotkeys.map((_, uid) => (uid < VALIDATORS ? BigInt(1000 + Math.floor(random() * 9000)) * 1_000_000_000n : 0n));
  const weights: [number, number][][] = hotkeys.map((_, uid) =>
    uid < VALIDATORS ? Array.from({ length: N }, (_, j) => [j, 1 + Math.floor(random() * 65534)] as [number, number]) : [],
  );
  const lastUpdate = hotkeys.map(() => BigInt(block));
  hotkeys.forEach((h, uid) => {
    put(st.Keys, NETUID, uid, h);
    put(st.Uids, NETUID, h, uid);
    put(st.Owner, h, cold);
    put(st.BlockAtRegistration, NETUID, uid, 0n);
    if (stake[uid] > 0n) {
      put(st.TotalHotkeyAlpha, h, NETUID, stake[uid]);
      put(st.TotalHotkeyShares, h, NETUID, { bits: stake[uid] << 64n });
      put(st.Alpha, h, cold, NETUID, { bits: stake[uid] << 64n });
    }
    if (weights[uid].length > 0) put(st.Weights, NETUID, uid, weights[uid]);
  });
  const permits = hotkeys.map((_, uid) => uid < VALIDATORS);
  put(st.SubnetworkN, NETUID, N);
  put(st.LastUpdate, NETUID, lastUpdate);
  put(st.ValidatorPermit, NETUID, permits);
  put(st.SubnetOwnerHotkey, NETUID, hotkeys[0]);
  put(st.MaxAllowedValidators, NETUID, VALIDATORS);
  put(st.MaxAllowedUids, NETUID, N);
  put(st.Tempo, NETUID, 1);
  const input: EpochInput = {
    n: N,
    current_block: block + 2,
    tempo: 1,
    activity_cutoff_blocks: 5000,
    last_mechanism_step_block: 0,
    stake,
    stake_threshold: 0,
    last_update: lastUpdate,
    block_at_registration: hotkeys.map(() => 0n),
    validator_permits: permits,
    max_allowed_validators: VALIDATORS,
    weights,
    bonds: hotkeys.map(() => []),
    ...SUBTENSOR_EPOCH_DEFAULTS,
    owner_uid: 0,
    rao_emission: 2_000_000_000,
  };
  return { pairs, input };
}

/** CPU time (user + system, ms) the devnet process has used so far; Linux /proc, 10 ms ticks. */
function processCpuMs(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

async function send(provider: WsProvider, method: string, params: unknown[]): Promise<unknown> {
  return provider.send(method, params);
}

const bench: Benchmark = async () => {
  const devnet = await spawnDevnet({ mode: 'manual', genesis: { subtensorModule: { subnet: { tempo: 360, maxAllowedUids: N } } } });
  const provider = new WsProvider(devnet.url);
  const api = await ApiPromise.create({ provider, noInitWarn: true });
  try {
    // weights count only when set after the targets registered (block 0 here)
    await send(provider, 'dev_newBlock', [{ count: 2 }]);
    const head = (await api.rpc.chain.getHeader()).number.toNumber();
    const { pairs, input } = population(head);
    await send(provider, 'dev_setStorage', [pairs]);
    await send(provider, 'dev_newBlock', [{ count: 1 }]);

    // With tempo 1 every other block runs the epoch (the runtime's schedule, chain/epoch-schedule.ts).
    const epochMs: number[] = [];
    const plainMs: number[] = [];
    const pid = devnet.cli.proc.pid;
    let epochCpu = 0;
    let plainCpu = 0;
    for (let i = 0; i < EPOCHS * 2 + WARMUP_BLOCKS; i++) {
      const next = (await api.rpc.chain.getHeader()).number.toNumber() + 1;
      const cpu0 = processCpuMs(pid);
      const t0 = performance.now();
      await send(provider, 'dev_newBlock', [{ count: 1 }]);
      const ms = performance.now() - t0;
      const cpu = processCpuMs(pid) - cpu0;
      if (i < WARMUP_BLOCKS) continue; // JIT warm-up of the node process
      const isEpoch = runsEpoch(NETUID, 1, next);
      (isEpoch ? epochMs : plainMs).push(ms);
      if (isEpoch) epochCpu += cpu;
      else plainCpu += cpu;
    }
    const incentive = (await api.query.subtensorModule.incentive(NETUID)).toJSON() as number[];
    if (incentive.filter((x) => x > 0).length < N / 2) throw new Error('the epoch did not run on the populated subnet');

    const liteMs: number[] = [];
    let decoded = 0;
    let liteCpu = 0;
    for (let i = 0; i < QUERIES + 5; i++) {
      const cpu0 = processCpuMs(pid);
      const t0 = performance.now();
      const neurons = await api.call.neuronInfoRuntimeApi.getNeuronsLite(NETUID);
      if (i >= 5) {
        liteMs.push(performance.now() - t0);
        liteCpu += processCpuMs(pid) - cpu0;
      }
      decoded = (neurons as unknown as unknown[]).length;
    }
    if (decoded !== N) throw new Error(`getNeuronsLite returned ${decoded} neurons, expected ${N}`);

    const pureMs: number[] = [];
    const pureCpu0 = process.cpuUsage();
    for (let i = 0; i < EPOCHS + WARMUP_BLOCKS; i++) {
      const t0 = performance.now();
      runEpoch(input);
      if (i >= WARMUP_BLOCKS) pureMs.push(performance.now() - t0);
    }
    const pureCpu = process.cpuUsage(pureCpu0);
    const pureCpuMs = (pureCpu.user + pureCpu.system) / 1000 / (EPOCHS + WARMUP_BLOCKS);
    const epoch = percentile(epochMs, 50);
    const pure = percentile(pureMs, 50);
    const lite = percentile(liteMs, 50);
    return {
      name: 'chain (SubtensorModule epoch block, getNeuronsLite)',
      figures: [
        { name: 'epoch block p50 (256 uids, 64 dense validators)', value: epoch, unit: 'ms' },
        { name: 'epoch block min', value: Math.min(...epochMs), unit: 'ms' },
        { name: 'epoch block max', value: Math.max(...epochMs), unit: 'ms' },
        { name: 'epoch block CPU of the node process (mean)', value: epochCpu / epochMs.length, unit: 'ms' },
        { name: 'non-epoch block p50', value: percentile(plainMs, 50), unit: 'ms' },
        { name: 'non-epoch block CPU of the node process (mean)', value: plainCpu / plainMs.length, unit: 'ms' },
        { name: 'pure runEpoch CPU (mean, incl. warm-up)', value: pureCpuMs, unit: 'ms' },
        { name: 'getNeuronsLite p50 (256 uids, decoded)', value: lite, unit: 'ms' },
        { name: 'getNeuronsLite min', value: Math.min(...liteMs), unit: 'ms' },
        { name: 'getNeuronsLite CPU of the node process (mean)', value: liteCpu / liteMs.length, unit: 'ms' },
        { name: 'getNeuronsLite p99', value: percentile(liteMs, 99), unit: 'ms' },
      ],
      reference: { name: 'pure runEpoch on the same input (p50)', value: pure, unit: 'ms' },
      ratio: epoch / pure,
      ratioMeaning: 'epoch block time / pure runEpoch time (1.0 = the chain adds nothing)',
      targets: [
        { name: 'epoch block (wall p50, includes waiting for a CPU on a loaded machine)', target: '< 50 ms', met: epoch < 50 },
        { name: 'epoch block (CPU of the node process)', target: '< 50 ms', met: epochCpu / epochMs.length < 50 },
        { name: 'getNeuronsLite (256 uids)', target: '< 100 ms', met: lite < 100 },
      ],
      notes: [
        `CPU ratio (node CPU per epoch block / runEpoch CPU): ${(epochCpu / epochMs.length / pureCpuMs).toFixed(2)}; CPU times are robust to other load on the machine, wall times are not`,
        `load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores during the run`,
        `${epochMs.length} epoch blocks, ${plainMs.length} plain blocks, ${QUERIES} metagraph reads; block times are dev_newBlock round trips`,
      ],
    };
  } finally {
    await api.disconnect();
    await devnet.stop();
  }
};

export default bench;
