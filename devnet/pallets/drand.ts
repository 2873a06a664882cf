import { u8aEq, u8aToU8a } from '@polkadot/util';
import { z } from 'zod';
import { createDevBeacon, QUICKNET, roundAt, verifyRoundSignature, type DevBeacon } from '../../core/timelock/index.ts';
import { definePallet, defineStorage, DispatchFailure, ensureRoot, type CallDef, type Origin, type RuntimeContext, type State } from '../pallet.ts';

/**
 * pallet_drand (index 26) with the names, indices and types of spec 381. On the real chain an
 * offchain worker fetches quicknet pulses and sends them as an unsigned `write_pulse`; the devnet
 * has neither offchain workers nor unsigned transactions, so its node writes the pulses of its
 * local beacon itself, at the start of each block (`onInitialize`), with the effects `write_pulse`
 * has: `Pulses`, `LastStoredRound`, `OldestStoredRound`, `NextUnsignedAt`, `NewPulse`. Written at
 * initialisation of block N they are first read by SubtensorModule's reveal of block N+1 (which runs
 * before this pallet's hook), as a `write_pulse` included in block N is on the real chain.
 *
 * The local beacon is `createDevBeacon(seed)`: its public key is `BeaconConfig`'s, its rounds follow
 * the block timestamps (`roundAt(now, BeaconConfig)`), so `dev_timeTravel` moves them too.
 */
const P = 'Drand';

/** What the devnet's beacon uses when the genesis names no seed: anyone can derive its pulses, which is the point of a devnet. */
export const DEVNET_BEACON_SEED = 'subnetkit devnet beacon';
/** `MAX_PULSES_TO_FETCH`: the offchain worker catches up at most this many rounds per block. */
export const MAX_PULSES_PER_BLOCK = 50;
/** `MAX_KEPT_PULSES` (one week of quicknet) and `MAX_REMOVED_PULSES` per write. */
const MAX_KEPT_PULSES = 216_000n;
const MAX_REMOVED_PULSES = 100n;

export interface Pulse {
  round: bigint;
  randomness: Uint8Array;
  signature: Uint8Array;
}

export interface BeaconConfiguration {
  public_key: Uint8Array;
  period: number;
  genesis_time: number;
  hash: Uint8Array;
  group_hash: Uint8Array;
  scheme_id: Uint8Array;
  metadata: { beacon_id: Uint8Array };
}

const text = (s: string) => new TextEncoder().encode(s);
const hex = (s: string) => u8aToU8a(`0x${s}`);

/** `DefaultBeaconConfig`: drand quicknet. */
const QUICKNET_CONFIG: BeaconConfiguration = {
  public_key: QUICKNET.publicKey,
  period: QUICKNET.period,
  genesis_time: QUICKNET.genesisTime,
  hash: hex(QUICKNET.chainHash),
  group_hash: hex('f477d5c89f21a17c863a7f937c6a6d15859414d2be09cd448d4279af331c5d3e'),
  scheme_id: text(QUICKNET.schemeId),
  metadata: { beacon_id: text('quicknet') },
};

export const BeaconConfig = defineStorage<[], BeaconConfiguration>(P, { name: 'BeaconConfig', value: 'BeaconConfiguration', default: QUICKNET_CONFIG });
export const HasMigrationRun = defineStorage<[Uint8Array], boolean>(P, {
  name: 'HasMigrationRun',
  keys: [{ hasher: 'Identity', type: 'Vec<u8>' }],
  value: 'bool',
});
export const Pulses = defineStorage<[bigint], Pulse | undefined>(P, {
  name: 'Pulses',
  keys: [{ hasher: 'Blake2_128Concat', type: 'u64' }],
  value: 'Pulse',
  modifier: 'Optional',
});
export const LastStoredRound = defineStorage<[], bigint>(P, { name: 'LastStoredRound', value: 'u64' });
export const OldestStoredRound = defineStorage<[], bigint>(P, { name: 'OldestStoredRound', value: 'u64' });
export const NextUnsignedAt = defineStorage<[], number>(P, { name: 'NextUnsignedAt', value: 'u32' });
/** Devnet-only: the seed of the local beacon's secret key (not in the real runtime's metadata). */
export const DevBeaconSeed = defineStorage<[], Uint8Array>(P, { name: 'DevBeaconSeed', value: 'Vec<u8>' });

/** Beacons by seed: deriving the key pair costs a G2 multiplication, and a node runs one beacon. */
const beacons = new Map<string, DevBeacon>();

function devBeacon(seed: Uint8Array): DevBeacon {
  const id = Buffer.from(seed).toString('hex');
  let beacon = beacons.get(id);
  if (beacon === undefined) {
    beacon = createDevBeacon(seed);
    if (beacons.size >= 4) beacons.delete(beacons.keys().next().value!);
    beacons.set(id, beacon);
  }
  return beacon;
}

function pruneOldPulses(state: State, last: bigint): void {
  let oldest = OldestStoredRound.get(state);
  if (oldest === 0n) return;
  let removed = 0n;
  while (last - oldest + 1n > MAX_KEPT_PULSES && removed < MAX_REMOVED_PULSES) {
    Pulses.remove(state, oldest);
    oldest += 1n;
    removed += 1n;
  }
  OldestStoredRound.set(state, oldest);
}

/** `write_pulse` once its pulses are verified: store rounds above `LastStoredRound`, in order. */
function storePulses(ctx: RuntimeContext, pulses: Pulse[]): void {
  const s = ctx.state;
  let last = LastStoredRound.get(s);
  const firstStorage = last === 0n && OldestStoredRound.get(s) === 0n;
  let firstNew: bigint | undefined;
  const rounds: bigint[] = [];
  for (const pulse of pulses) {
    if (pulse.round <= last) ctx.fail('InvalidRoundNumber');
    Pulses.set(s, pulse.round, pulse);
    last = pulse.round;
    rounds.push(pulse.round);
    if (firstStorage && firstNew === undefined) firstNew = pulse.round;
  }
  LastStoredRound.set(s, last);
  if (firstNew !== undefined) OldestStoredRound.set(s, firstNew);
  pruneOldPulses(s, last);
  NextUnsignedAt.set(s, ctx.blockNumber);
  if (rounds.length > 0) ctx.deposit('NewPulse', [rounds]);
}

/**
 * The local beacon's share of a block: every round published by the block's timestamp and not yet
 * stored, at most `MAX_PULSES_PER_BLOCK` (the first ever write stores only the current round, as
 * the offchain worker starts from `current - 1`). Nothing when `BeaconConfig` holds another key
 * than the local beacon's: its pulses would not verify.
 */
export function writeLocalPulses(ctx: RuntimeContext): void {
  const s = ctx.state;
  if (!DevBeaconSeed.has(s)) return;
  const config = BeaconConfig.get(s);
  const beacon = devBeacon(DevBeaconSeed.get(s));
  if (!u8aEq(config.public_key, beacon.publicKey) || config.period === 0) return;
  const current = BigInt(roundAt(Number(ctx.now / 1000n), { genesisTime: config.genesis_time, period: config.period }));
  let last = LastStoredRound.get(s);
  if (last === 0n) last = current - 1n;
  if (current <= last) return;
  const to = current - last > BigInt(MAX_PULSES_PER_BLOCK) ? last + BigInt(MAX_PULSES_PER_BLOCK) : current;
  const pulses: Pulse[] = [];
  for (let round = last + 1n; round <= to; round++) {
    const p = beacon.pulse(Number(round));
    pulses.push({ round, randomness: p.randomness, signature: p.signature });
  }
  storePulses(ctx, pulses);
}

function ensureNone(origin: Origin): void {
  if (origin.kind !== 'none') throw new DispatchFailure('BadOrigin');
}

const calls: CallDef[] = [
  {
    index: 0,
    name: 'write_pulse',
    args: [
      { name: 'pulses_payload', type: 'PulsesPayload' },
      { name: 'signature', type: 'Option<MultiSignature>' },
    ],
    weight: 4_294_000_000n,
    docs: ['Verify and write a pulse from the beacon into the runtime'],
    dispatch(ctx, a: { pulses_payload: { pulses: Pulse[] } }) {
      ensureNone(ctx.origin);
      const config = BeaconConfig.get(ctx.state);
      const verified = a.pulses_payload.pulses.filter((p) => {
        try {
          return verifyRoundSignature(p.round, p.signature, config.public_key);
        } catch {
          return ctx.fail('PulseVerificationError');
        }
      });
      storePulses(ctx, verified);
    },
  },
  {
    index: 1,
    name: 'set_beacon_config',
    args: [
      { name: 'config_payload', type: 'BeaconConfigurationPayload' },
      { name: 'signature', type: 'Option<MultiSignature>' },
    ],
    docs: ['allows the root user to set the beacon configuration'],
    dispatch(ctx, a: { config_payload: { config: BeaconConfiguration } }) {
      ensureRoot(ctx.origin);
      BeaconConfig.set(ctx.state, a.config_payload.config);
      NextUnsignedAt.set(ctx.state, ctx.blockNumber + 1);
      ctx.deposit('BeaconConfigChanged', []);
    },
  },
  {
    index: 2,
    name: 'set_oldest_stored_round',
    args: [{ name: 'oldest_round', type: 'u64' }],
    docs: ['allows the root user to set the oldest stored round'],
    dispatch(ctx, a: { oldest_round: bigint }) {
      ensureRoot(ctx.origin);
      OldestStoredRound.set(ctx.state, a.oldest_round);
      ctx.deposit('SetOldestStoredRound', [a.oldest_round]);
    },
  },
];

const drandGenesisSchema = z
  .object({
    /** seed of the local beacon's key pair (any non-empty string) */
    seed: z.string().min(1).optional(),
    /** unix seconds of round 1 (quicknet's genesis unless given) */
    genesisTime: z.number().int().min(0).max(0xffff_ffff).optional(),
    /** seconds per round (quicknet's 3 unless given) */
    period: z.number().int().min(1).max(0xffff_ffff).optional(),
    /** false: no local beacon; `BeaconConfig` stays quicknet's and no pulse is written */
    localBeacon: z.boolean().optional(),
  })
  .strict();

export type DrandGenesis = z.input<typeof drandGenesisSchema>;

export const drand = definePallet({
  name: P,
  index: 26,
  docs: ['drand beacon pulses; on the devnet, those of a local beacon.'],
  types: {
    BeaconConfiguration: {
      path: ['pallet_drand', 'types', 'BeaconConfiguration'],
      struct: {
        public_key: 'Vec<u8>',
        period: 'u32',
        genesis_time: 'u32',
        hash: 'Vec<u8>',
        group_hash: 'Vec<u8>',
        scheme_id: 'Vec<u8>',
        metadata: 'DrandMetadata',
      },
    },
    DrandMetadata: { path: ['pallet_drand', 'types', 'Metadata'], struct: { beacon_id: 'Vec<u8>' } },
    RoundNumber: { alias: 'u64' },
    Pulse: { path: ['pallet_drand', 'types', 'Pulse'], struct: { round: 'RoundNumber', randomness: 'Vec<u8>', signature: 'Vec<u8>' } },
    MultiSigner: {
      path: ['sp_runtime', 'MultiSigner'],
      enum: [
        { name: 'Ed25519', index: 0, type: '[u8; 32]' },
        { name: 'Sr25519', index: 1, type: '[u8; 32]' },
        { name: 'Ecdsa', index: 2, type: '[u8; 33]' },
      ],
    },
    PulsesPayload: { path: ['pallet_drand', 'types', 'PulsesPayload'], struct: { block_number: 'u32', pulses: 'Vec<Pulse>', public: 'MultiSigner' } },
    BeaconConfigurationPayload: {
      path: ['pallet_drand', 'types', 'BeaconConfigurationPayload'],
      struct: { block_number: 'u32', config: 'BeaconConfiguration', public: 'MultiSigner' },
    },
  },
  calls,
  storage: [BeaconConfig, HasMigrationRun, Pulses, LastStoredRound, OldestStoredRound, NextUnsignedAt],
  devnetStorage: [DevBeaconSeed],
  events: [
    { index: 0, name: 'BeaconConfigChanged', fields: [], docs: ['Beacon Configuration has changed.'] },
    { index: 1, name: 'NewPulse', fields: [{ name: 'rounds', type: 'Vec<u64>' }], docs: ['Successfully set a new pulse(s).'] },
    { index: 2, name: 'SetOldestStoredRound', fields: [{ name: '', type: 'u64' }], docs: ['Oldest Stored Round has been set.'] },
  ],
  errors: [
    { index: 0, name: 'NoneValue', docs: ['The value retrieved was `None` as no value was previously set.'] },
    { index: 1, name: 'StorageOverflow', docs: ['There was an attempt to increment the value in storage over `u32::MAX`.'] },
    { index: 2, name: 'DrandConnectionFailure', docs: ['failed to connect to the'] },
    { index: 3, name: 'UnverifiedPulse', docs: ['the pulse is invalid'] },
    { index: 4, name: 'InvalidRoundNumber', docs: ['the round number did not increment'] },
    { index: 5, name: 'PulseVerificationError', docs: ['the pulse could not be verified'] },
  ],
  constants: [
    { name: 'UnsignedPriority', type: 'u64', value: 1n << 20n },
    { name: 'HttpFetchTimeout', type: 'u64', value: 1000n },
  ],
  hooks: { onInitialize: writeLocalPulses },
  genesis: {
    key: 'drand',
    build(ctx, config) {
      const c = drandGenesisSchema.parse(config ?? {});
      if (c.localBeacon === false) return;
      const seed = text(c.seed ?? DEVNET_BEACON_SEED);
      const beacon = devBeacon(seed);
      DevBeaconSeed.set(ctx.state, seed);
      BeaconConfig.set(ctx.state, {
        ...QUICKNET_CONFIG,
        public_key: beacon.publicKey,
        genesis_time: c.genesisTime ?? QUICKNET.genesisTime,
        period: c.period ?? QUICKNET.period,
        hash: new Uint8Array(32),
        group_hash: new Uint8Array(32),
        metadata: { beacon_id: text('devnet') },
      });
    },
  },
});
