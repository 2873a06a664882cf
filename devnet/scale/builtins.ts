import type { CustomType } from './types.ts';

/**
 * Types every runtime has, with the Rust paths the real runtime's metadata
 * uses (polkadot-js recognises some of them by path: AccountId32,
 * MultiAddress, Era, Weight).
 */
export const BUILTIN_TYPES: Record<string, CustomType> = {
  AccountId32: { path: ['sp_core', 'crypto', 'AccountId32'], newtype: '[u8; 32]' },
  AccountId: { alias: 'AccountId32' },
  H256: { path: ['primitive_types', 'H256'], newtype: '[u8; 32]' },
  Hash: { alias: 'H256' },
  H160: { path: ['primitive_types', 'H160'], newtype: '[u8; 20]' },
  Balance: { alias: 'u64' },
  BalanceOf: { alias: 'u64' },
  Moment: { alias: 'u64' },
  BlockNumber: { alias: 'u32' },
  BlockNumberFor: { alias: 'u32' },
  Nonce: { alias: 'u32' },
  Text: { alias: 'str' },
  String: { alias: 'str' },
  MultiAddress: {
    path: ['sp_runtime', 'multiaddress', 'MultiAddress'],
    params: [
      { name: 'AccountId', type: 'AccountId32' },
      { name: 'AccountIndex', type: '()' },
    ],
    enum: [
      { name: 'Id', index: 0, type: 'AccountId32' },
      { name: 'Index', index: 1, type: 'Compact<()>' },
      { name: 'Raw', index: 2, type: 'Vec<u8>' },
      { name: 'Address32', index: 3, type: '[u8; 32]' },
      { name: 'Address20', index: 4, type: '[u8; 20]' },
    ],
  },
  AccountIdLookupOf: { alias: 'MultiAddress' },
  MultiSignature: {
    path: ['sp_runtime', 'MultiSignature'],
    enum: [
      { name: 'Ed25519', index: 0, type: '[u8; 64]' },
      { name: 'Sr25519', index: 1, type: '[u8; 64]' },
      { name: 'Ecdsa', index: 2, type: '[u8; 65]' },
    ],
  },
  Weight: { path: ['sp_weights', 'weight_v2', 'Weight'], struct: { ref_time: 'Compact<u64>', proof_size: 'Compact<u64>' } },
  DispatchClass: {
    path: ['frame_support', 'dispatch', 'DispatchClass'],
    enum: [
      { name: 'Normal', index: 0 },
      { name: 'Operational', index: 1 },
      { name: 'Mandatory', index: 2 },
    ],
  },
  Pays: {
    path: ['frame_support', 'dispatch', 'Pays'],
    enum: [
      { name: 'Yes', index: 0 },
      { name: 'No', index: 1 },
    ],
  },
  DispatchEventInfo: {
    path: ['frame_system', 'DispatchEventInfo'],
    struct: { weight: 'Weight', class: 'DispatchClass', pays_fee: 'Pays' },
  },
  ModuleErrorInfo: { path: ['sp_runtime', 'ModuleError'], struct: { index: 'u8', error: '[u8; 4]' } },
  TokenError: {
    path: ['sp_runtime', 'TokenError'],
    enum: [
      'FundsUnavailable',
      'OnlyProvider',
      'BelowMinimum',
      'CannotCreate',
      'UnknownAsset',
      'Frozen',
      'Unsupported',
      'CannotCreateHold',
      'NotExpendable',
      'Blocked',
    ].map((name, index) => ({ name, index })),
  },
  ArithmeticError: {
    path: ['sp_arithmetic', 'ArithmeticError'],
    enum: ['Underflow', 'Overflow', 'DivisionByZero'].map((name, index) => ({ name, index })),
  },
  TransactionalError: {
    path: ['sp_runtime', 'TransactionalError'],
    enum: ['LimitReached', 'NoLayer'].map((name, index) => ({ name, index })),
  },
  TrieError: {
    path: ['sp_runtime', 'proving_trie', 'TrieError'],
    enum: [
      'InvalidStateRoot',
      'IncompleteDatabase',
      'ValueAtIncompleteKey',
      'DecoderError',
      'InvalidHash',
      'DuplicateKey',
      'ExtraneousNode',
      'ExtraneousValue',
      'ExtraneousHashReference',
      'InvalidChildReference',
      'ValueMismatch',
      'IncompleteProof',
      'RootMismatch',
      'DecodeError',
    ].map((name, index) => ({ name, index })),
  },
  DispatchError: {
    path: ['sp_runtime', 'DispatchError'],
    enum: [
      { name: 'Other', index: 0 },
      { name: 'CannotLookup', index: 1 },
      { name: 'BadOrigin', index: 2 },
      { name: 'Module', index: 3, type: 'ModuleErrorInfo' },
      { name: 'ConsumerRemaining', index: 4 },
      { name: 'NoProviders', index: 5 },
      { name: 'TooManyConsumers', index: 6 },
      { name: 'Token', index: 7, type: 'TokenError' },
      { name: 'Arithmetic', index: 8, type: 'ArithmeticError' },
      { name: 'Transactional', index: 9, type: 'TransactionalError' },
      { name: 'Exhausted', index: 10 },
      { name: 'Corruption', index: 11 },
      { name: 'Unavailable', index: 12 },
      { name: 'RootNotAllowed', index: 13 },
      { name: 'Trie', index: 14, type: 'TrieError' },
    ],
  },
  DispatchResult: { alias: 'Result<(), DispatchError>' },
  Perbill: { path: ['sp_arithmetic', 'per_things', 'Perbill'], newtype: 'u32' },
  Permill: { path: ['sp_arithmetic', 'per_things', 'Permill'], newtype: 'u32' },
  Percent: { path: ['sp_arithmetic', 'per_things', 'Percent'], newtype: 'u8' },
  // the CheckMetadataHash extension's `mode`, part of every signed extrinsic
  MetadataHashMode: {
    path: ['frame_metadata_hash_extension', 'Mode'],
    enum: [
      { name: 'Disabled', index: 0 },
      { name: 'Enabled', index: 1 },
    ],
  },
};

/** Primitive names (`str` covers Text/String). */
export const PRIMITIVES = new Set(['bool', 'u8', 'u16', 'u32', 'u64', 'u128', 'u256', 'i8', 'i16', 'i32', 'i64', 'i128', 'i256', 'str', 'char']);
