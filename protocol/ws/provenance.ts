import { certFromJson, type CertJson } from './certificate.ts';
import { hotkeyVerify } from '../hotkey-signature.ts';
import { importSessionPublicKey, sessionVerify } from './session-key.ts';
import { certMessage, responseMessage, sha256Hex, streamEndMessage } from './signed-message.ts';

/**
 * Proof of which miner answered what, checkable by anyone offline: in session
 * mode the miner's certificate (sr25519 by its hotkey) plus the ed25519
 * signature of the answer; in sr25519 mode the hotkey signature alone.
 * Plain JSON, so validators can store and publish it.
 */
export interface Provenance {
  kind: 'response' | 'stream';
  scheme: 'session' | 'sr25519';
  miner: string;
  caller: string;
  /** connection id, hex */
  conn: string;
  id: number;
  /** sha256 hex of the signed request message */
  requestHash: string;
  recvTs: number;
  sentTs: number;
  /** response: status and sha256 hex of the body bytes */
  status?: number;
  bodyHash?: string;
  /** stream: chunk count and stream hash */
  count?: number;
  streamHash?: string;
  /** signature, hex */
  sig: string;
  /** the miner's session certificate (session scheme) */
  cert?: CertJson;
}

export type ProvenanceCheck = { ok: true } | { ok: false; reason: string };

function signedMessage(p: Provenance): string {
  const conn = new Uint8Array(Buffer.from(p.conn, 'hex'));
  if (p.kind === 'stream') {
    return streamEndMessage({
      miner: p.miner,
      caller: p.caller,
      conn,
      id: p.id,
      requestHash: p.requestHash,
      count: p.count ?? 0,
      streamHash: p.streamHash ?? '',
      recvTs: p.recvTs,
      sentTs: p.sentTs,
    });
  }
  return responseMessage({
    miner: p.miner,
    caller: p.caller,
    conn,
    id: p.id,
    requestHash: p.requestHash,
    status: p.status ?? 0,
    bodyHash: p.bodyHash ?? '',
    recvTs: p.recvTs,
    sentTs: p.sentTs,
  });
}

/** Verifies a provenance record; with `body`, also that the record covers exactly these response bytes. */
export function verifyProvenance(p: Provenance, body?: Uint8Array): ProvenanceCheck {
  if (body !== undefined && p.kind === 'response' && sha256Hex(body) !== p.bodyHash) return { ok: false, reason: 'body does not match bodyHash' };
  const sig = new Uint8Array(Buffer.from(p.sig, 'hex'));
  const message = signedMessage(p);
  if (p.scheme === 'sr25519') {
    return hotkeyVerify(p.miner, message, sig) ? { ok: true } : { ok: false, reason: `bad sr25519 signature for miner ${p.miner}` };
  }
  if (!p.cert) return { ok: false, reason: 'session scheme without a certificate' };
  const cert = certFromJson(p.cert);
  if (cert.role !== 'axon') return { ok: false, reason: `certificate role is ${cert.role}, expected axon` };
  if (cert.hotkey !== p.miner) return { ok: false, reason: `certificate is for ${cert.hotkey}, not miner ${p.miner}` };
  if (cert.peer !== p.caller) return { ok: false, reason: `certificate is addressed to ${cert.peer}, not caller ${p.caller}` };
  if (p.cert.conn !== p.conn) return { ok: false, reason: 'certificate is bound to another connection' };
  if (p.sentTs < cert.issued || p.sentTs > cert.expires)
    return { ok: false, reason: `answer sent at ${p.sentTs}, outside the certificate's validity ${cert.issued}..${cert.expires}` };
  if (!hotkeyVerify(cert.hotkey, certMessage(cert), cert.sig)) return { ok: false, reason: 'bad sr25519 signature on the certificate' };
  let key;
  try {
    key = importSessionPublicKey(cert.key);
  } catch {
    return { ok: false, reason: 'certificate key is not an ed25519 public key' };
  }
  return sessionVerify(key, message, sig) ? { ok: true } : { ok: false, reason: 'bad session signature' };
}
