/**
 * drand timelock encryption (the `tle` crate's format, as subtensor's
 * commit-reveal v4 decrypts it). Pure; shared by the client (`chain/`) and the
 * devnet node (`devnet/`).
 */
export { QUICKNET, QUICKNET_DST, roundAt, roundMessage, roundPoint, roundRandomness, roundTime, verifyRoundSignature, type BeaconInfo } from './beacon.ts';
export { AES_GCM_SUITE, decodeTlockCiphertext, encodeTlockCiphertext, TLOCK_OVERHEAD_BYTES, type TlockCiphertext } from './ciphertext.ts';
export { createDevBeacon, type DevBeacon } from './dev-beacon.ts';
export { timelockDecrypt, timelockEncrypt, type EncryptOptions } from './tlock.ts';
export {
  decodeWeightsTlockPayload,
  encodeWeightsTlockPayload,
  MAX_TIMELOCKED_COMMIT_BYTES,
  weightsRevealedBy,
  type WeightsTlockPayload,
} from './weights-payload.ts';
