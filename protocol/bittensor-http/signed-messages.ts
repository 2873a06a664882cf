import { hotkeySign, hotkeyVerify, type HotkeySigner } from '../hotkey-signature.ts';

/**
 * The two strings the SDK signs (sr25519 over the UTF-8 bytes, no hashing),
 * and its `0x`-hex signature encoding.
 */

/** dendrite.py preprocess_synapse_for_request; checked by axon.py default_verify. */
export function dendriteSignedMessage(m: { nonce: bigint; dendriteHotkey: string; axonHotkey: string; uuid: string; bodyHash: string }): string {
  return `${m.nonce}.${m.dendriteHotkey}.${m.axonHotkey}.${m.uuid}.${m.bodyHash}`;
}

/** axon.py AxonMiddleware.preprocess: the axon's answer is bound to the caller and its own nonce. */
export function axonSignedMessage(m: { nonce: bigint; dendriteHotkey: string; axonHotkey: string; uuid: string }): string {
  return `${m.nonce}.${m.dendriteHotkey}.${m.axonHotkey}.${m.uuid}`;
}

export function signHex(pair: HotkeySigner, message: string): string {
  return `0x${Buffer.from(hotkeySign(pair, message)).toString('hex')}`;
}

/** The 64 signature bytes of a `0x`-hex (or bare hex) signature, or null when it is not one. */
export function parseSignatureHex(sig: string): Uint8Array | null {
  const hex = sig.startsWith('0x') || sig.startsWith('0X') ? sig.slice(2) : sig;
  if (!/^[0-9a-fA-F]{128}$/.test(hex)) return null;
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

/**
 * substrate-interface's Keypair.verify: the signature over the message, or
 * over `<Bytes>message</Bytes>` (what polkadot.js extension signers produce).
 */
export function verifyHotkeySignature(ss58: string, message: string, signature: Uint8Array): boolean {
  return hotkeyVerify(ss58, message, signature) || hotkeyVerify(ss58, `<Bytes>${message}</Bytes>`, signature);
}
