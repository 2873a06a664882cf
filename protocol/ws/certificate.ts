import type { CertWire } from './frames.ts';
import { ProtocolError } from '../errors.ts';
import { hotkeySign, hotkeyVerify, type HotkeySigner } from '../hotkey-signature.ts';
import { generateSessionKey, importSessionPublicKey, type SessionKey, type SessionPublicKey } from './session-key.ts';
import { certMessage, toHex, type CertRole } from './signed-message.ts';

/**
 * Session certificates: a hotkey's sr25519 signature over a fresh ed25519
 * session key, bound to the peer's hotkey, the connection id and an expiry.
 * One sr25519 sign and one verify per side per connection, instead of per message.
 */
export interface IssuedCertificate {
  wire: CertWire;
  sessionKey: SessionKey;
}

export function issueCertificate(pair: HotkeySigner, role: CertRole, peer: string, conn: Uint8Array, ttlMs: number, now = Date.now()): IssuedCertificate {
  const sessionKey = generateSessionKey();
  const fields = { role, hotkey: pair.address, peer, conn, key: sessionKey.raw, issued: now, expires: now + ttlMs };
  return { wire: { ...fields, sig: hotkeySign(pair, certMessage(fields)) }, sessionKey };
}

export interface CertExpectations {
  role: CertRole;
  /** who the certificate must be addressed to: the verifier's own hotkey */
  peer: string;
  conn: Uint8Array;
  now?: number;
  /** tolerated clock difference, ms */
  skewMs: number;
  /** longest lifetime accepted, ms */
  maxTtlMs: number;
}

/** Checks a peer's certificate; returns its session public key or throws `ProtocolError('UNAUTHORIZED')` saying why. */
export function verifyCertificate(cert: CertWire, expect: CertExpectations): SessionPublicKey {
  const now = expect.now ?? Date.now();
  const fail = (why: string): never => {
    throw new ProtocolError('UNAUTHORIZED', `session certificate of ${cert.hotkey} rejected: ${why}`);
  };
  if (cert.role !== expect.role) fail(`role is ${cert.role}, expected ${expect.role}`);
  if (cert.peer !== expect.peer) fail(`addressed to ${cert.peer}, but this is ${expect.peer}`);
  if (toHex(cert.conn) !== toHex(expect.conn)) fail('bound to another connection');
  if (cert.issued > now + expect.skewMs) fail(`issued in the future (${cert.issued} > now ${now})`);
  if (cert.expires <= now) fail(`expired at ${cert.expires} (now ${now})`);
  if (cert.expires - cert.issued > expect.maxTtlMs) fail(`lifetime ${cert.expires - cert.issued} ms exceeds ${expect.maxTtlMs} ms`);
  if (!hotkeyVerify(cert.hotkey, certMessage(cert), cert.sig)) fail('bad sr25519 signature');
  try {
    return importSessionPublicKey(cert.key);
  } catch (err) {
    return fail(`session key is not an ed25519 public key (${(err as Error).message})`);
  }
}

/** JSON form of a certificate, for provenance records stored or sent elsewhere. */
export interface CertJson {
  role: CertRole;
  hotkey: string;
  peer: string;
  conn: string;
  key: string;
  issued: number;
  expires: number;
  sig: string;
}

export function certToJson(c: CertWire): CertJson {
  return { role: c.role, hotkey: c.hotkey, peer: c.peer, conn: toHex(c.conn), key: toHex(c.key), issued: c.issued, expires: c.expires, sig: toHex(c.sig) };
}

export function certFromJson(c: CertJson): CertWire {
  const hex = (s: string) => new Uint8Array(Buffer.from(s, 'hex'));
  return { role: c.role, hotkey: c.hotkey, peer: c.peer, conn: hex(c.conn), key: hex(c.key), issued: c.issued, expires: c.expires, sig: hex(c.sig) };
}
