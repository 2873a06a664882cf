import { u8aToHex } from '@polkadot/util';
import { describe, expect, it } from 'vitest';
import { buildTimelockedCommit, epochIndex, firstBlockOfEpoch, revealRoundFor } from '../../chain/timelock-weights.ts';
import {
  createDevBeacon,
  decodeWeightsTlockPayload,
  encodeWeightsTlockPayload,
  MAX_TIMELOCKED_COMMIT_BYTES,
  timelockDecrypt,
  weightsRevealedBy,
  type WeightsTlockPayload,
} from '../../core/timelock/index.ts';
import { seededRandom } from '../helpers/timelock.ts';

const HOTKEY = Uint8Array.from({ length: 32 }, (_, i) => i + 1); // 01 02 … 20
const hex = (b: Uint8Array) => u8aToHex(b, -1, false);

describe('WeightsTlockPayload SCALE encoding', () => {
  const payload: WeightsTlockPayload = { hotkey: HOTKEY, uids: [0, 1, 258], values: [65535, 0, 513], versionKey: 1_000_000n };

  it('encodes hotkey, uids, values and version key as the chain decodes them', () => {
    const expected =
      '80' + // compact(32) = 32 << 2
      hex(HOTKEY) +
      '0c' + // compact(3) = 3 << 2
      '0000' +
      '0100' +
      '0201' + // u16 LE: 0, 1, 258 = 0x0102
      '0c' +
      'ffff' +
      '0000' +
      '0102' + // 65535, 0, 513 = 0x0201
      '40420f0000000000'; // u64 LE: 1_000_000 = 0x0f4240
    expect(hex(encodeWeightsTlockPayload(payload))).toBe(expected);
    expect(encodeWeightsTlockPayload(payload).length).toBe(55);
  });

  it('uses two-byte compact lengths from 64 elements on', () => {
    const uids = Array.from({ length: 64 }, (_, i) => i);
    const bytes = encodeWeightsTlockPayload({ hotkey: HOTKEY, uids, values: uids, versionKey: 0n });
    // compact(64) = (64 << 2) | 0b01 = 0x0101, little-endian
    expect(hex(bytes.subarray(33, 35))).toBe('0101');
    expect(bytes.length).toBe(33 + 2 + 128 + 2 + 128 + 8);
  });

  it('decodes what it encodes and refuses truncated or trailing bytes', () => {
    const bytes = encodeWeightsTlockPayload(payload);
    expect(decodeWeightsTlockPayload(bytes)).toEqual(payload);
    expect(() => decodeWeightsTlockPayload(bytes.subarray(0, bytes.length - 1))).toThrow(expect.objectContaining({ code: 'TLOCK_BAD_PAYLOAD' }));
    expect(() => decodeWeightsTlockPayload(new Uint8Array([...bytes, 0]))).toThrow(expect.objectContaining({ code: 'TLOCK_BAD_PAYLOAD' }));
  });

  it('refuses values that are not u16, mismatched lengths, bad hotkeys and version keys', () => {
    const bad = (p: Partial<WeightsTlockPayload>) => () => encodeWeightsTlockPayload({ ...payload, ...p });
    expect(bad({ uids: [0, 1, 65536] })).toThrow(expect.objectContaining({ code: 'WEIGHTS_NOT_U16' }));
    expect(bad({ values: [1, 2, -1] })).toThrow(expect.objectContaining({ code: 'WEIGHTS_NOT_U16' }));
    expect(bad({ values: [1, 2] })).toThrow(expect.objectContaining({ code: 'WEIGHTS_LENGTH_MISMATCH' }));
    expect(bad({ hotkey: HOTKEY.subarray(1) })).toThrow(expect.objectContaining({ code: 'WALLET_BAD_ADDRESS' }));
    expect(bad({ versionKey: 1n << 64n })).toThrow(expect.objectContaining({ code: 'WEIGHTS_BAD_VERSION_KEY' }));
  });
});

describe('which weights the chain applies for a decrypted commit', () => {
  const payload = encodeWeightsTlockPayload({ hotkey: HOTKEY, uids: [3, 4], values: [10, 20], versionKey: 7n });

  it('the payload weights when the hotkey is the committer (trailing bytes ignored)', () => {
    expect(weightsRevealedBy(payload, HOTKEY)).toEqual({ uids: [3, 4], values: [10, 20], versionKey: 7n });
    expect(weightsRevealedBy(new Uint8Array([...payload, 9, 9]), HOTKEY)).toEqual({ uids: [3, 4], values: [10, 20], versionKey: 7n });
  });

  it('nothing when another hotkey committed it', () => {
    expect(weightsRevealedBy(payload, new Uint8Array(32).fill(9))).toBeNull();
  });

  it('the legacy (uids, values, version_key) layout, also when the hotkey field is too short for an account', () => {
    // legacy: compact(1) 0x04, uid 5, compact(1), value 6, version 8
    const legacy = Uint8Array.from([0x04, 5, 0, 0x04, 6, 0, 8, 0, 0, 0, 0, 0, 0, 0]);
    expect(weightsRevealedBy(legacy, HOTKEY)).toEqual({ uids: [5], values: [6], versionKey: 8n });
    // 00 00 00 01 00…: as a payload, an empty hotkey (too short for an account), no uids, no values,
    // version 1; the chain then re-reads it as legacy: no uids, no values, version 00 01 00… = 256
    const emptyHotkey = Uint8Array.from([0x00, 0x00, 0x00, 1, 0, 0, 0, 0, 0, 0, 0]);
    expect(decodeWeightsTlockPayload(emptyHotkey)).toEqual({ hotkey: new Uint8Array(0), uids: [], values: [], versionKey: 1n });
    expect(weightsRevealedBy(emptyHotkey, HOTKEY)).toEqual({ uids: [], values: [], versionKey: 256n });
  });

  it('nothing for bytes that are neither layout', () => {
    expect(weightsRevealedBy(Uint8Array.from([0xff, 0xff]), HOTKEY)).toBeNull();
    expect(weightsRevealedBy(new Uint8Array(0), HOTKEY)).toBeNull();
  });
});

describe('reveal round, as bittensor-drand generate_commit computes it', () => {
  it('subtensor epoch index and first block, with the netuid offset', () => {
    // (5_000_000 + 1 + 1) / 361 = 13850.42 → 13850
    expect(epochIndex(5_000_000, 1, 360)).toBe(13850);
    // 13851 · 361 − 2 = 5_000_211 − 2
    expect(firstBlockOfEpoch(13851, 1, 360)).toBe(5_000_209);
    // block 5_000_209 is the first of epoch 13851: (5_000_209 + 2) / 361 = 13851 exactly
    expect(epochIndex(5_000_209, 1, 360)).toBe(13851);
    expect(epochIndex(5_000_208, 1, 360)).toBe(13850);
    expect(firstBlockOfEpoch(0, 3, 360)).toBe(0); // 0 · 361 − 4 saturates at 0
  });

  it('finney-like: netuid 1, tempo 360, one reveal epoch, 12 s blocks', () => {
    const plan = revealRoundFor({ currentBlock: 5_000_000, netuid: 1, tempo: 360, revealPeriodEpochs: 1, blockTimeSeconds: 12, nowSeconds: 1_750_000_000 });
    // current epoch 13850, reveal epoch 13851, first block 5_000_209, target 5_000_212
    // 212 blocks · 12 s = 2544 s → target 1_750_002_544
    // (1_750_002_544 − 1_692_803_367) / 3 = 57_199_177 / 3 = 19_066_392.33 → 19_066_392
    expect(plan).toEqual({
      currentEpoch: 13850,
      revealEpoch: 13851,
      firstRevealBlock: 5_000_209,
      targetBlock: 5_000_212,
      targetSeconds: 1_750_002_544,
      revealRound: 19_066_392,
    });
  });

  it('netuid 64, three reveal epochs, a fractional clock', () => {
    const plan = revealRoundFor({ currentBlock: 5_000_000, netuid: 64, tempo: 360, revealPeriodEpochs: 3, blockTimeSeconds: 12, nowSeconds: 1_750_000_000.5 });
    // (5_000_000 + 65) / 361 = 13850.58 → 13850; reveal epoch 13853
    // first block 13853 · 361 − 65 = 5_000_933 − 65 = 5_000_868; target 5_000_871
    // 871 blocks · 12 s = 10_452 s → 1_750_010_452.5; (… − 1_692_803_367) / 3 = 57_207_085.5 / 3 = 19_069_028.5 → 19_069_028
    expect(plan.firstRevealBlock).toBe(5_000_868);
    expect(plan.revealRound).toBe(19_069_028);
  });

  it('fast blocks: tempo 10, 0.25 s blocks', () => {
    const plan = revealRoundFor({
      currentBlock: 1_234_567,
      netuid: 2,
      tempo: 10,
      revealPeriodEpochs: 1,
      blockTimeSeconds: 0.25,
      nowSeconds: 1_760_000_000.123,
    });
    // (1_234_567 + 3) / 11 = 112_233.6 → 112_233; reveal epoch 112_234
    // first block 112_234 · 11 − 3 = 1_234_571; target 1_234_574; 7 blocks · 0.25 s = 1.75 s
    // (1_760_000_001.873 − 1_692_803_367) / 3 = 67_196_634.873 / 3 = 22_398_878.29 → 22_398_878
    expect(plan.targetBlock).toBe(1_234_574);
    expect(plan.revealRound).toBe(22_398_878);
  });

  it('a zero reveal period aims 3 blocks into the current epoch; a clock before genesis gives round 1', () => {
    // (721 + 1) / 361 = 2; first block 2 · 361 − 1 = 721; target 724, 3 blocks · 12 s = 36 s
    // (1_750_000_036 − 1_692_803_367) / 3 = 57_196_669 / 3 = 19_065_556.33 → 19_065_556
    expect(
      revealRoundFor({ currentBlock: 721, netuid: 0, tempo: 360, revealPeriodEpochs: 0, blockTimeSeconds: 12, nowSeconds: 1_750_000_000 }).revealRound,
    ).toBe(19_065_556);
    expect(
      revealRoundFor({ currentBlock: 100, netuid: 1, tempo: 360, revealPeriodEpochs: 1, blockTimeSeconds: 12, nowSeconds: 1_000_000_000 }).revealRound,
    ).toBe(1);
  });

  it('refuses unusable inputs', () => {
    const base = { currentBlock: 1, netuid: 1, tempo: 360, revealPeriodEpochs: 1, blockTimeSeconds: 12, nowSeconds: 1_750_000_000 };
    for (const bad of [{ currentBlock: -1 }, { tempo: 1.5 }, { blockTimeSeconds: 0 }, { nowSeconds: NaN }]) {
      expect(() => revealRoundFor({ ...base, ...bad })).toThrow(expect.objectContaining({ code: 'TLOCK_BAD_REVEAL_INPUT' }));
    }
  });
});

describe('buildTimelockedCommit', () => {
  const dev = createDevBeacon('commit-test');
  const input = {
    hotkey: HOTKEY,
    uids: Array.from({ length: 256 }, (_, i) => i),
    values: Array.from({ length: 256 }, (_, i) => (i * 257) & 0xffff),
    versionKey: 2_003_000n,
    currentBlock: 5_000_000,
    netuid: 1,
    tempo: 360,
    revealPeriodEpochs: 1,
    blockTimeSeconds: 12,
    nowSeconds: 1_750_000_000,
  };

  it('encrypts the payload to the reveal round; the round signature opens it back to the same payload', () => {
    const built = buildTimelockedCommit({ ...input, encrypt: { publicKey: dev.publicKey, random: seededRandom('commit') } });
    expect(built.revealRound).toBe(19_066_392);
    expect(built.payload).toEqual({ hotkey: HOTKEY, uids: input.uids, values: input.values, versionKey: 2_003_000n });
    // 256 uids: 1 + 32 (hotkey) + 2 + 512 (uids) + 2 + 512 (values) + 8 = 1069 payload bytes, + 244 of ciphertext
    expect(built.commit.length).toBe(1069 + 244);
    const opened = timelockDecrypt(built.commit, dev.sign(built.revealRound));
    expect(decodeWeightsTlockPayload(opened)).toEqual(built.payload);
    expect(weightsRevealedBy(opened, HOTKEY)).toEqual({ uids: input.uids, values: input.values, versionKey: 2_003_000n });
    expect(() => timelockDecrypt(built.commit, dev.sign(built.revealRound - 1))).toThrow(expect.objectContaining({ code: 'TLOCK_BAD_SIGNATURE' }));
  });

  it('refuses a commit the chain would not take (over 5000 bytes)', () => {
    // 1200 uids: 33 + 2 + 2400 + 2 + 2400 + 8 = 4845 payload bytes, 4845 + 244 = 5089 encrypted
    const uids = Array.from({ length: 1200 }, (_, i) => i);
    expect(() => buildTimelockedCommit({ ...input, uids, values: uids })).toThrow(expect.objectContaining({ code: 'WEIGHTS_COMMIT_TOO_LARGE' }));
    expect(MAX_TIMELOCKED_COMMIT_BYTES).toBe(5000);
  });
});
