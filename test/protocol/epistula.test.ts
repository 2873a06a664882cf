import { createHash } from 'node:crypto';
import { decodeAddress, sr25519Verify } from '@polkadot/util-crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  checkFreshness,
  EPISTULA_ALLOWED_DELTA_MS,
  epistulaHeaders,
  readEpistulaHeaders,
  requestMessage,
  secretMessages,
  verifyEpistulaRequest,
  verifySecretSignature,
} from '../../protocol/epistula/signed-request.ts';
import { parseEventStream } from '../../protocol/epistula/epistula-dendrite.ts';
import { toJsonText } from '../../protocol/epistula/json-body.ts';
import { devKeys } from './raw-peer.ts';

const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY'; // //Alice: the miner, signed_for
const BOB = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty'; // //Bob: the validator, signed_by

/**
 * The request SN1's validator sends (macrocosm-os/prompting `shared/epistula.py`, `generate_header`
 * and `create_header_hook`), derived by hand for:
 *   hotkey = //Bob, signed_for = //Alice, body_bytes = json.dumps({"texts": ["hello"]}),
 *   time.time() = 1700000000.123, uuid4() = 3f2b8c1e-5d4a-4e6b-9c7d-0a1b2c3d4e5f, timeout_seconds = 12
 *
 * body_bytes = b'{"texts": ["hello"]}'  (json.dumps's default separators ', ' and ': '), 20 bytes
 * sha256(body_bytes).hexdigest() = 748131a95918b2270dd46b4b2efe915a29f8923b277eeb4ce51ab90dae04dc36
 * timestamp = round(1700000000.123 * 1000) = 1700000000123
 * timestampInterval = ceil(1700000000123 / 1e4) * 1e4 = ceil(170000000.0123) * 1e4 = 170000001 * 1e4
 *                   = 1700000010000.0  (int * float: a float, so str() writes '.0')
 * Request-Signature signs f"{hash}.{uuid}.{timestamp}.{signed_for or ''}":
 *   '748131a9...dc36.3f2b8c1e-5d4a-4e6b-9c7d-0a1b2c3d4e5f.1700000000123.5GrwvaEF...KutQY'
 * Secret-Signature-0 signs str(1700000010000.0 - 1) + '.' + signed_for = '1700000009999.0.5GrwvaEF...'
 * Secret-Signature-1 signs str(1700000010000.0)     + '.' + signed_for = '1700000010000.0.5GrwvaEF...'
 * Secret-Signature-2 signs str(1700000010000.0 + 1) + '.' + signed_for = '1700000010001.0.5GrwvaEF...'
 * `headers.update(json.loads(body_bytes))` then adds the body's keys, which the hook sends as
 * headers too, with str(value): texts: "['hello']"; the hook adds X-Client-Timeout: str(12).
 *
 * CPython 3 prints the same body bytes, hash and the three float strings for these inputs.
 *
 * sr25519 signing is randomized (schnorrkel, as substrate-interface uses it), so there is no
 * single right signature: these are //Bob's over exactly those messages; Python's would differ in
 * bytes and verify the same way.
 */
const VECTOR = {
  body: Buffer.from('{"texts": ["hello"]}', 'utf8'),
  headers: {
    'Epistula-Version': '2',
    'Epistula-Timestamp': '1700000000123',
    'Epistula-Uuid': '3f2b8c1e-5d4a-4e6b-9c7d-0a1b2c3d4e5f',
    'Epistula-Signed-By': BOB,
    'Epistula-Request-Signature':
      '0x2c9c5272882f7acdd88ee25e615ba39ed23297180c976b065fb3e289829beb5f84fa9ffcbb8986267accc072b803c1c6c570c86478826375616a0d9984082a82',
    'Epistula-Signed-For': ALICE,
    'Epistula-Secret-Signature-0':
      '0x187f5def2763aae2bcbccd5a8b060e16f6071c2f69b010866066a3e94c9ae21dd28c1b7fed43a1d739604549fc128ca527222832b0819711f7f208ccfac49487',
    'Epistula-Secret-Signature-1':
      '0x125f636f229b8503dc4399b5eb349e19ba04980f246523efabca0766c461d758cc82f991744e10cc06d02617d957ab20a75a09a718d197e0be1e82b46ac90882',
    'Epistula-Secret-Signature-2':
      '0x96697358f81b2c903d74d244c643f200941bf33f47076fda6ea8bc5bf01bb21f0e353afacdfed5b5dfa98d853cb3806ba18b0898eb643e4ee2d16e3994ed5d8e',
    texts: "['hello']",
    'X-Client-Timeout': '12',
  } as Record<string, string>,
  timestamp: 1_700_000_000_123,
};

/** As node hands headers to a server: names lowercased. */
const lowercased = (h: Record<string, string>) => Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));

/**
 * prompting's `verify_signature(signature, body, timestamp, uuid, signed_for, signed_by, now)`,
 * written again from the Python, sharing no code with protocol/epistula: its own sha256, its own
 * message, substrate-interface's `Keypair.verify` (hex signature, `0x` optional, then the
 * `<Bytes>` wrapping) on @polkadot/util-crypto's pure-JS sr25519.
 */
function pythonVerifySignature(
  signature: unknown,
  body: unknown,
  timestamp: string,
  uuid: unknown,
  signedFor: unknown,
  signedBy: unknown,
  now: number,
): string | null {
  if (typeof signature !== 'string') return 'Invalid Signature';
  const ts = Number.parseInt(timestamp, 10);
  if (!Number.isInteger(ts)) return 'Invalid Timestamp';
  if (typeof signedBy !== 'string') return 'Invalid Sender key';
  if (typeof signedFor !== 'string') return 'Invalid receiver key';
  if (typeof uuid !== 'string') return 'Invalid uuid';
  if (!(body instanceof Uint8Array)) return 'Body is not of type bytes';
  const ALLOWED_DELTA_MS = 8000;
  const publicKey = decodeAddress(signedBy);
  if (ts + ALLOWED_DELTA_MS < now) return 'Request is too stale';
  const message = `${createHash('sha256').update(body).digest('hex')}.${uuid}.${ts}.${signedFor}`;
  const sig = Buffer.from(signature.startsWith('0x') ? signature.slice(2) : signature, 'hex');
  const verified =
    sr25519Verify(Buffer.from(message, 'utf8'), sig, publicKey) || sr25519Verify(Buffer.from(`<Bytes>${message}</Bytes>`, 'utf8'), sig, publicKey);
  if (!verified) return 'Signature Mismatch';
  return null;
}

describe('Epistula v2: the request the Python reference builds', () => {
  let keys: Awaited<ReturnType<typeof devKeys>>;
  beforeAll(async () => {
    keys = await devKeys();
    expect([keys.validator.address, keys.miner.address]).toEqual([BOB, ALICE]);
  });

  it('derives the same signed strings from the vector', () => {
    const hash = createHash('sha256').update(VECTOR.body).digest('hex');
    expect(hash).toBe('748131a95918b2270dd46b4b2efe915a29f8923b277eeb4ce51ab90dae04dc36');
    expect(requestMessage({ bodyHash: hash, uuid: '3f2b8c1e-5d4a-4e6b-9c7d-0a1b2c3d4e5f', timestamp: VECTOR.timestamp, signedFor: ALICE })).toBe(
      `748131a95918b2270dd46b4b2efe915a29f8923b277eeb4ce51ab90dae04dc36.3f2b8c1e-5d4a-4e6b-9c7d-0a1b2c3d4e5f.1700000000123.${ALICE}`,
    );
    expect(secretMessages(VECTOR.timestamp, ALICE)).toEqual([`1700000009999.0.${ALICE}`, `1700000010000.0.${ALICE}`, `1700000010001.0.${ALICE}`]);
    // on a boundary ceil changes nothing: 1700000010000 / 1e4 = 170000001.0
    expect(secretMessages(1_700_000_010_000, ALICE)[1]).toBe(`1700000010000.0.${ALICE}`);
  });

  it('accepts it, as node receives it, within 8 s of its timestamp', () => {
    const claim = verifyEpistulaRequest({ headers: lowercased(VECTOR.headers), body: VECTOR.body, receiver: ALICE, now: VECTOR.timestamp + 1_000 });
    expect(claim).toMatchObject({ signedBy: BOB, signedFor: ALICE, uuid: '3f2b8c1e-5d4a-4e6b-9c7d-0a1b2c3d4e5f', timestamp: VECTOR.timestamp, version: '2' });
    // and in the reference's own casing
    expect(verifyEpistulaRequest({ headers: VECTOR.headers, body: VECTOR.body, receiver: ALICE, now: VECTOR.timestamp + 8_000 }).signedBy).toBe(BOB);
    for (const i of [0, 1, 2] as const) {
      expect(
        verifySecretSignature({
          signedBy: BOB,
          signedFor: ALICE,
          timestamp: VECTOR.timestamp,
          index: i,
          signature: VECTOR.headers[`Epistula-Secret-Signature-${i}`]!,
        }),
      ).toBe(true);
    }
    expect(
      verifySecretSignature({
        signedBy: BOB,
        signedFor: ALICE,
        timestamp: VECTOR.timestamp,
        index: 0,
        signature: VECTOR.headers['Epistula-Secret-Signature-1']!,
      }),
    ).toBe(false);
    // the independent verifier agrees about the vector
    const h = VECTOR.headers;
    expect(
      pythonVerifySignature(
        h['Epistula-Request-Signature'],
        VECTOR.body,
        h['Epistula-Timestamp']!,
        h['Epistula-Uuid'],
        h['Epistula-Signed-For'],
        h['Epistula-Signed-By'],
        VECTOR.timestamp + 1_000,
      ),
    ).toBeNull();
  });

  it('refuses the vector when stale, for another receiver, with another body, or tampered', () => {
    const at =
      (now: number, body = VECTOR.body, headers = VECTOR.headers, receiver = ALICE) =>
      () =>
        verifyEpistulaRequest({ headers: lowercased(headers), body, receiver, now });
    expect(at(VECTOR.timestamp + 8_001)).toThrow(expect.objectContaining({ code: 'EPISTULA_STALE' }));
    expect(at(VECTOR.timestamp - 8_001)).toThrow(expect.objectContaining({ code: 'EPISTULA_FUTURE' }));
    expect(at(VECTOR.timestamp, VECTOR.body, VECTOR.headers, keys.other.address)).toThrow(expect.objectContaining({ code: 'EPISTULA_WRONG_RECEIVER' }));
    expect(at(VECTOR.timestamp, Buffer.from('{"texts": ["hellO"]}'))).toThrow(expect.objectContaining({ code: 'EPISTULA_BAD_SIGNATURE' }));
    expect(at(VECTOR.timestamp, VECTOR.body, { ...VECTOR.headers, 'Epistula-Uuid': '3f2b8c1e-5d4a-4e6b-9c7d-0a1b2c3d4e50' })).toThrow(
      expect.objectContaining({ code: 'EPISTULA_BAD_SIGNATURE' }),
    );
    expect(at(VECTOR.timestamp, VECTOR.body, { ...VECTOR.headers, 'Epistula-Signed-By': keys.stranger.address })).toThrow(
      expect.objectContaining({ code: 'EPISTULA_BAD_SIGNATURE' }),
    );
    expect(at(VECTOR.timestamp, VECTOR.body, { ...VECTOR.headers, 'Epistula-Version': '1' })).toThrow(expect.objectContaining({ code: 'EPISTULA_VERSION' }));
    const { ['Epistula-Signed-For']: _, ...unaddressed } = VECTOR.headers;
    expect(at(VECTOR.timestamp, VECTOR.body, unaddressed)).toThrow(expect.objectContaining({ code: 'EPISTULA_MISSING_HEADER' }));
    expect(at(VECTOR.timestamp, VECTOR.body, { ...VECTOR.headers, 'Epistula-Request-Signature': '0x1234' })).toThrow(
      expect.objectContaining({ code: 'EPISTULA_BAD_HEADER' }),
    );
  });
});

describe('Epistula v2: our requests, checked by the reimplemented Python verifier', () => {
  it('signs what verify_signature accepts, and nothing it refuses', async () => {
    const keys = await devKeys();
    const body = Buffer.from(toJsonText({ texts: ['a', 'b'], n: 3 }));
    const now = Date.now();
    const h = epistulaHeaders({ signer: keys.validator, body, signedFor: keys.miner.address, timestamp: now });
    expect(Object.keys(h)).toEqual([
      'Epistula-Version',
      'Epistula-Timestamp',
      'Epistula-Uuid',
      'Epistula-Signed-By',
      'Epistula-Request-Signature',
      'Epistula-Signed-For',
      'Epistula-Secret-Signature-0',
      'Epistula-Secret-Signature-1',
      'Epistula-Secret-Signature-2',
    ]);
    expect(h['Epistula-Version']).toBe('2');
    expect(h['Epistula-Timestamp']).toBe(String(now));
    expect(h['Epistula-Uuid']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(h['Epistula-Request-Signature']).toMatch(/^0x[0-9a-f]{128}$/);
    const py = (b: Uint8Array, at = now) =>
      pythonVerifySignature(
        h['Epistula-Request-Signature'],
        b,
        h['Epistula-Timestamp']!,
        h['Epistula-Uuid'],
        h['Epistula-Signed-For'],
        h['Epistula-Signed-By'],
        at,
      );
    expect(py(body)).toBeNull();
    expect(py(body, now + 8_001)).toBe('Request is too stale');
    expect(py(Buffer.concat([body, Buffer.from(' ')]))).toBe('Signature Mismatch');
    // the secret signatures as the reference's sign(str(interval ± 1) + '.' + signed_for) makes them
    const interval = Math.ceil(now / 1e4) * 1e4;
    for (const [i, n] of [interval - 1, interval, interval + 1].entries()) {
      const sig = Buffer.from(h[`Epistula-Secret-Signature-${i}`]!.slice(2), 'hex');
      expect(sr25519Verify(Buffer.from(`${n}.0.${keys.miner.address}`), sig, decodeAddress(keys.validator.address))).toBe(true);
    }
    // and our own verifier, for symmetry
    expect(verifyEpistulaRequest({ headers: lowercased(h), body, receiver: keys.miner.address, now }).signedBy).toBe(keys.validator.address);
  });

  it('reads only well-formed headers and bounds the future as it bounds the past', () => {
    expect(() => readEpistulaHeaders({ 'epistula-version': '2', 'epistula-timestamp': '1.5e12' })).toThrow(
      expect.objectContaining({ code: 'EPISTULA_BAD_HEADER' }),
    );
    expect(() => checkFreshness(1_000_000, 1_000_000 + EPISTULA_ALLOWED_DELTA_MS)).not.toThrow();
    expect(() => checkFreshness(1_000_000 + EPISTULA_ALLOWED_DELTA_MS, 1_000_000)).not.toThrow();
    expect(() => checkFreshness(1_000_001 + EPISTULA_ALLOWED_DELTA_MS, 1_000_000)).toThrow(expect.objectContaining({ code: 'EPISTULA_FUTURE' }));
  });

  it('writes typed arrays as number lists and reads an event stream back', () => {
    expect(toJsonText({ e: new Float32Array([1, -2]), b: 5n })).toBe('{"e":[1,-2],"b":5}');
    expect(parseEventStream('data: {"t":"a"}\n\ndata: {"t":"b"}\n\ndata: [DONE]\n\n')).toEqual({ chunks: [{ t: 'a' }, { t: 'b' }], done: true });
    expect(parseEventStream('data: 1\r\n\r\n')).toEqual({ chunks: [1], done: false });
  });

  it('signs the secret signatures once per 10-second window and receiver, each valid for its window', async () => {
    const keys = await devKeys();
    const body = Buffer.from(toJsonText({ texts: ['a'] }));
    const t = 1_700_000_003_000; // window boundary 1700000010000
    const secret = (h: Record<string, string>) => [0, 1, 2].map((i) => h[`Epistula-Secret-Signature-${i}`]);
    const first = epistulaHeaders({ signer: keys.validator, body, signedFor: keys.miner.address, timestamp: t });
    const again = epistulaHeaders({ signer: keys.validator, body, signedFor: keys.miner.address, timestamp: t + 5_000 });
    const next = epistulaHeaders({ signer: keys.validator, body, signedFor: keys.miner.address, timestamp: t + 8_000 });
    const other = epistulaHeaders({ signer: keys.validator, body, signedFor: BOB, timestamp: t });
    expect(secret(again)).toEqual(secret(first));
    // the request signature covers the uuid and timestamp: signed anew every time
    expect(again['Epistula-Request-Signature']).not.toBe(first['Epistula-Request-Signature']);
    expect(secret(next)).not.toEqual(secret(first));
    expect(secret(other)).not.toEqual(secret(first));
    const valid = (h: Record<string, string>, timestamp: number, signedFor: string) =>
      ([0, 1, 2] as const).every((index) =>
        verifySecretSignature({ signedBy: keys.validator.address, signedFor, timestamp, index, signature: h[`Epistula-Secret-Signature-${index}`] }),
      );
    expect(valid(again, t + 5_000, keys.miner.address)).toBe(true);
    expect(valid(next, t + 8_000, keys.miner.address)).toBe(true);
    expect(valid(other, t, BOB)).toBe(true);
    expect(valid(first, t + 8_000, keys.miner.address)).toBe(false);
  });
});
