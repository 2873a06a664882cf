import { createHash, randomUUID } from 'node:crypto';
import { SubnetError } from '../../core/errors.ts';
import { hotkeySign, hotkeyVerify, type HotkeySigner } from '../hotkey-signature.ts';

/**
 * Epistula v2, the signed HTTP requests of SN1 (macrocosm-os prompting,
 * `shared/epistula.py`) and SN4 (manifold targon, `targon/epistula.py`), as
 * pure functions: the strings that get signed, the headers a sender writes,
 * and the checks a receiver makes. No IO, no clock of its own: `now` is passed in.
 *
 * * request signature: sr25519 by the sender's hotkey over the UTF-8 of
 *   `{sha256hex(body)}.{uuid}.{timestamp}.{signed_for}` (`signed_for` empty when the request
 *   names no receiver), sent as `0x` + lowercase hex;
 * * secret signatures 0, 1, 2: over `{b - 1}.{signed_for}`, `{b}.{signed_for}`, `{b + 1}.{signed_for}`
 *   where `b = ceil(timestamp / 1e4) * 1e4` is a *Python float*, so each number is written with a
 *   trailing `.0` (`1700000009999.0`); the ±1 is one millisecond around the 10-second boundary;
 * * freshness: the reference refuses `timestamp + 8000 < now` and bounds nothing in the future;
 *   we refuse more than 8 s ahead too, so a signed request cannot outlive the replay table.
 */

export const EPISTULA_VERSION = '2';
/** how old (and, here, how far ahead) a request's timestamp may be */
export const EPISTULA_ALLOWED_DELTA_MS = 8_000;

/** The header names as the reference writes them (HTTP makes them case-insensitive). */
export const EPISTULA_HEADER = {
  version: 'Epistula-Version',
  timestamp: 'Epistula-Timestamp',
  uuid: 'Epistula-Uuid',
  signedBy: 'Epistula-Signed-By',
  signedFor: 'Epistula-Signed-For',
  requestSignature: 'Epistula-Request-Signature',
  secretSignature: (i: 0 | 1 | 2) => `Epistula-Secret-Signature-${i}`,
} as const;

/** Not signed: the caller's timeout, seconds, as SN1's validators send it. */
export const CLIENT_TIMEOUT_HEADER = 'X-Client-Timeout';

/** Why a request is refused; stable codes for callers to branch on. */
export type EpistulaErrorCode =
  | 'EPISTULA_MISSING_HEADER'
  | 'EPISTULA_BAD_HEADER'
  | 'EPISTULA_VERSION'
  | 'EPISTULA_STALE'
  | 'EPISTULA_FUTURE'
  | 'EPISTULA_WRONG_RECEIVER'
  | 'EPISTULA_BAD_SIGNATURE';

export class EpistulaError extends SubnetError {
  override readonly code: EpistulaErrorCode;

  constructor(code: EpistulaErrorCode, message: string) {
    super(code, message);
    this.name = 'EpistulaError';
    this.code = code;
  }
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The request signature's message. */
export function requestMessage(m: { bodyHash: string; uuid: string; timestamp: number; signedFor?: string }): string {
  return `${m.bodyHash}.${m.uuid}.${m.timestamp}.${m.signedFor ?? ''}`;
}

/** `str(x)` of the integral Python float x below 1e16, where repr switches to exponent notation. */
function pyFloatStr(x: number): string {
  if (!Number.isInteger(x) || Math.abs(x) >= 1e16) throw new EpistulaError('EPISTULA_BAD_HEADER', `timestamp ${x} is out of range`);
  return `${x}.0`;
}

/** The three secret signatures' messages, for the 10-second boundary after `timestamp`. */
export function secretMessages(timestamp: number, signedFor: string): [string, string, string] {
  const boundary = Math.ceil(timestamp / 1e4) * 1e4;
  return [pyFloatStr(boundary - 1), pyFloatStr(boundary), pyFloatStr(boundary + 1)].map((b) => `${b}.${signedFor}`) as [string, string, string];
}

function signHex(signer: HotkeySigner, message: string): string {
  return `0x${Buffer.from(hotkeySign(signer, message)).toString('hex')}`;
}

export interface EpistulaSignInput {
  signer: HotkeySigner;
  /** the exact body bytes sent */
  body: Uint8Array;
  /** the receiver's hotkey; the reference sends the secret signatures only with one */
  signedFor?: string;
  /** ms since epoch (default now) */
  timestamp?: number;
  /** default a fresh uuid4 */
  uuid?: string;
}

/** The headers `generate_header` writes, in its order. */
export function epistulaHeaders(i: EpistulaSignInput): Record<string, string> {
  const timestamp = i.timestamp ?? Date.now();
  const uuid = i.uuid ?? randomUUID();
  const headers: Record<string, string> = {
    [EPISTULA_HEADER.version]: EPISTULA_VERSION,
    [EPISTULA_HEADER.timestamp]: String(timestamp),
    [EPISTULA_HEADER.uuid]: uuid,
    [EPISTULA_HEADER.signedBy]: i.signer.address,
    [EPISTULA_HEADER.requestSignature]: signHex(i.signer, requestMessage({ bodyHash: sha256Hex(i.body), uuid, timestamp, signedFor: i.signedFor })),
  };
  if (i.signedFor) {
    headers[EPISTULA_HEADER.signedFor] = i.signedFor;
    secretSignatures(i.signer, timestamp, i.signedFor).forEach((sig, n) => {
      headers[EPISTULA_HEADER.secretSignature(n as 0 | 1 | 2)] = sig;
    });
  }
  return headers;
}

/**
 * The secret signatures sign only the 10-second boundary and the receiver, so every request a
 * signer sends to one receiver within a window carries the same three messages: they are signed
 * once per window (sr25519 signing is about 0.2 ms, and they were three of a request's four).
 * Remembered for the current boundary only.
 */
const secretCache = new WeakMap<HotkeySigner, { boundary: number; byReceiver: Map<string, [string, string, string]> }>();

function secretSignatures(signer: HotkeySigner, timestamp: number, signedFor: string): [string, string, string] {
  const boundary = Math.ceil(timestamp / 1e4) * 1e4;
  let cache = secretCache.get(signer);
  if (cache === undefined || cache.boundary !== boundary) {
    cache = { boundary, byReceiver: new Map() };
    secretCache.set(signer, cache);
  }
  let sigs = cache.byReceiver.get(signedFor);
  if (sigs === undefined) {
    sigs = secretMessages(timestamp, signedFor).map((m) => signHex(signer, m)) as [string, string, string];
    cache.byReceiver.set(signedFor, sigs);
  }
  return sigs;
}

/** What a receiver reads from the headers before any signature work. */
export interface EpistulaClaim {
  version: string;
  timestamp: number;
  uuid: string;
  signedBy: string;
  signedFor: string;
  /** the 64 signature bytes */
  signature: Uint8Array;
}

type HeaderBag = Record<string, string | string[] | undefined>;

function header(headers: HeaderBag, name: string): string | undefined {
  const v = headers[name.toLowerCase()] ?? headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function required(headers: HeaderBag, name: string): string {
  const v = header(headers, name);
  if (v === undefined || v === '') throw new EpistulaError('EPISTULA_MISSING_HEADER', `${name} header is missing`);
  return v;
}

/** `0x`-hex (or bare hex, as substrate-interface also reads) 64-byte signature. */
function signatureBytes(name: string, value: string): Uint8Array {
  const hex = value.startsWith('0x') || value.startsWith('0X') ? value.slice(2) : value;
  if (!/^[0-9a-fA-F]{128}$/.test(hex)) throw new EpistulaError('EPISTULA_BAD_HEADER', `${name} is not a 64-byte hex signature`);
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

/**
 * Reads and shape-checks the Epistula headers (node's lowercased `IncomingHttpHeaders` or the
 * reference's own casing). A request that names no receiver is refused: it could be replayed to
 * any miner.
 */
export function readEpistulaHeaders(headers: HeaderBag): EpistulaClaim {
  const version = required(headers, EPISTULA_HEADER.version);
  if (version !== EPISTULA_VERSION)
    throw new EpistulaError('EPISTULA_VERSION', `Epistula-Version ${JSON.stringify(version.slice(0, 16))} is not supported; send 2`);
  const rawTs = required(headers, EPISTULA_HEADER.timestamp);
  if (!/^\d{1,15}$/.test(rawTs)) throw new EpistulaError('EPISTULA_BAD_HEADER', 'Epistula-Timestamp is not an integer of milliseconds');
  const uuid = required(headers, EPISTULA_HEADER.uuid);
  if (!/^[0-9A-Za-z-]{8,64}$/.test(uuid)) throw new EpistulaError('EPISTULA_BAD_HEADER', 'Epistula-Uuid must be 8-64 characters of [0-9A-Za-z-]');
  const signedBy = required(headers, EPISTULA_HEADER.signedBy);
  const signedFor = required(headers, EPISTULA_HEADER.signedFor);
  const signature = signatureBytes(EPISTULA_HEADER.requestSignature, required(headers, EPISTULA_HEADER.requestSignature));
  return { version, timestamp: Number(rawTs), uuid, signedBy, signedFor, signature };
}

/** Wrong receiver, checked by name before any signature work. */
export function checkReceiver(claim: EpistulaClaim, receiver: string): void {
  if (claim.signedFor !== receiver)
    throw new EpistulaError('EPISTULA_WRONG_RECEIVER', `wrong receiver: the request is signed for ${claim.signedFor.slice(0, 64)}, this is ${receiver}`);
}

/** Stale (older than 8 s) or from the future (more than 8 s ahead). */
export function checkFreshness(timestamp: number, now: number, allowedDeltaMs = EPISTULA_ALLOWED_DELTA_MS): void {
  if (timestamp + allowedDeltaMs < now)
    throw new EpistulaError('EPISTULA_STALE', `Request is too stale: timestamp ${timestamp} is ${now - timestamp} ms old (allowed ${allowedDeltaMs})`);
  if (timestamp - allowedDeltaMs > now)
    throw new EpistulaError('EPISTULA_FUTURE', `request timestamp ${timestamp} is ${timestamp - now} ms in the future (allowed ${allowedDeltaMs})`);
}

/** The request signature over the body; also over `<Bytes>…</Bytes>`, as substrate-interface's `Keypair.verify` accepts. */
export function checkRequestSignature(claim: EpistulaClaim, body: Uint8Array): void {
  const message = requestMessage({ bodyHash: sha256Hex(body), uuid: claim.uuid, timestamp: claim.timestamp, signedFor: claim.signedFor });
  if (!hotkeyVerify(claim.signedBy, message, claim.signature) && !hotkeyVerify(claim.signedBy, `<Bytes>${message}</Bytes>`, claim.signature)) {
    throw new EpistulaError('EPISTULA_BAD_SIGNATURE', `Signature Mismatch: Epistula-Request-Signature is not ${claim.signedBy.slice(0, 64)}'s over this body`);
  }
}

/**
 * One secret signature, checked by its holder: proof that `signedBy` addressed `signedFor` in the
 * 10-second window of `timestamp`, without the body. The reference's verifiers do not check them;
 * they are for a receiver that wants to recognise a sender across requests.
 */
export function verifySecretSignature(m: { signedBy: string; signedFor: string; timestamp: number; index: 0 | 1 | 2; signature: string }): boolean {
  let sig: Uint8Array;
  try {
    sig = signatureBytes('secret signature', m.signature);
  } catch {
    return false;
  }
  return hotkeyVerify(m.signedBy, secretMessages(m.timestamp, m.signedFor)[m.index], sig);
}

/** Every stateless check, cheapest first: headers, receiver, freshness, signature. Returns the sender. */
export function verifyEpistulaRequest(i: { headers: HeaderBag; body: Uint8Array; receiver: string; now: number }): EpistulaClaim {
  const claim = readEpistulaHeaders(i.headers);
  checkReceiver(claim, i.receiver);
  checkFreshness(claim.timestamp, i.now);
  checkRequestSignature(claim, i.body);
  return claim;
}
