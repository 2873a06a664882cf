import { createHash, hash } from 'node:crypto';

/**
 * The canonical byte strings that get signed. Each is ASCII: fields joined by
 * '.', integers in decimal, hashes and binary ids in lowercase hex, hotkeys as
 * ss58. Keeping them textual makes them trivial to rebuild in Python and easy
 * to eyeball in a debugger. Byte-level examples are in protocol/README.md.
 */
export const PROTOCOL_VERSION = 1;
export const DOMAIN = `subnetkit.${PROTOCOL_VERSION}`;

// one-shot hashing: a signed round trip hashes six times, and a Hash object per digest costs more than the digest of a small body
export function sha256(data: Uint8Array | string): Uint8Array {
  return hash('sha256', data, 'buffer');
}

export function sha256Hex(data: Uint8Array | string): string {
  return hash('sha256', data, 'hex');
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

// connection ids go into every signed message of a connection: hex them once
const connHexes = new WeakMap<Uint8Array, string>();
function connHex(conn: Uint8Array): string {
  let hex = connHexes.get(conn);
  if (hex === undefined) {
    hex = toHex(conn);
    connHexes.set(conn, hex);
  }
  return hex;
}

export type CertRole = 'dendrite' | 'axon';

export interface CertFields {
  role: CertRole;
  /** the signer (ss58) */
  hotkey: string;
  /** the other side of the connection (ss58) */
  peer: string;
  /** 16-byte connection id chosen by the axon */
  conn: Uint8Array;
  /** raw 32-byte ed25519 public session key */
  key: Uint8Array;
  issued: number;
  expires: number;
}

/** sr25519-signed by the hotkey: "this ed25519 key speaks for me, to peer, on conn, until expires". */
export function certMessage(c: CertFields): string {
  return `${DOMAIN}.cert.${c.role}.${c.hotkey}.${c.peer}.${toHex(c.conn)}.${toHex(c.key)}.${c.issued}.${c.expires}`;
}

export interface RequestFields {
  sender: string;
  receiver: string;
  conn: Uint8Array;
  id: number;
  /** session: per-connection counter; sr25519: the request uuid */
  nonce: number | string;
  ts: number;
  synapse: string;
  timeoutMs: number;
  bodyHash: string;
}

/** Session mode: ed25519-signed by the dendrite's session key. */
export function requestMessage(r: RequestFields): string {
  return `${DOMAIN}.req.${r.sender}.${r.receiver}.${connHex(r.conn)}.${r.id}.${r.nonce}.${r.ts}.${r.synapse}.${r.timeoutMs}.${r.bodyHash}`;
}

export interface EpistulaFields {
  bodyHash: string;
  uuid: string;
  ts: number;
  signedFor: string;
  synapse: string;
  timeoutMs: number;
}

/**
 * Per-request sr25519 mode: Epistula v2's message `{sha256(body)}.{uuid}.{timestamp}.{signed_for}`
 * with the synapse name and timeout appended, so that neither can be altered in flight.
 */
export function epistulaMessage(e: EpistulaFields): string {
  return `${e.bodyHash}.${e.uuid}.${e.ts}.${e.signedFor}.${e.synapse}.${e.timeoutMs}`;
}

export interface ResponseFields {
  miner: string;
  caller: string;
  conn: Uint8Array;
  id: number;
  requestHash: string;
  status: number;
  bodyHash: string;
  /** when the axon received the request, ms since epoch */
  recvTs: number;
  /** when the axon sent the response, ms since epoch */
  sentTs: number;
}

/** Signed by the miner (session key or hotkey): provenance of one answer. */
export function responseMessage(r: ResponseFields): string {
  return `${DOMAIN}.res.${r.miner}.${r.caller}.${connHex(r.conn)}.${r.id}.${r.requestHash}.${r.status}.${r.bodyHash}.${r.recvTs}.${r.sentTs}`;
}

export interface StreamEndFields {
  miner: string;
  caller: string;
  conn: Uint8Array;
  id: number;
  requestHash: string;
  count: number;
  streamHash: string;
  recvTs: number;
  sentTs: number;
}

/** Signed by the miner over the whole stream (see `StreamHasher`). */
export function streamEndMessage(s: StreamEndFields): string {
  return `${DOMAIN}.end.${s.miner}.${s.caller}.${connHex(s.conn)}.${s.id}.${s.requestHash}.${s.count}.${s.streamHash}.${s.recvTs}.${s.sentTs}`;
}

/** Running hash of a stream: sha256 over one line `{seq}.{ts}.{sha256hex(body)}\n` per chunk, in order. */
export class StreamHasher {
  private readonly hash = createHash('sha256');
  count = 0;

  add(seq: number, ts: number, body: Uint8Array): void {
    this.hash.update(`${seq}.${ts}.${sha256Hex(body)}\n`);
    this.count += 1;
  }

  digestHex(): string {
    return this.hash.digest('hex');
  }
}
