/**
 * The devnet's chain identity. Runtime names and versions match the real
 * subtensor runtime described by devnet/interface/spec381.json (derived by `npm run interface`),
 * so clients that branch on specName/specVersion behave as against subtensor.
 */
export const CHAIN = {
  name: 'Bittensor Devnet',
  nodeName: 'subnetkit-devnet',
  nodeVersion: '0.1.0',
  chainType: 'Development',
  ss58Format: 42,
  tokenSymbol: 'TAO',
  tokenDecimals: 9,
  specName: 'node-subtensor',
  implName: 'node-subtensor',
  authoringVersion: 1,
  specVersion: 381,
  implVersion: 1,
  transactionVersion: 1,
  systemVersion: 1,
  /** `MinimumPeriod` × 2, as Aura-based chains do */
  slotDurationMs: 12_000,
} as const;
