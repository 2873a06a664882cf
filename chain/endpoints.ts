import { SubnetError } from '../core/errors.ts';

/** The SDK's network names (bittensor/core/settings.py). */
export const CHAIN_ALIASES: Readonly<Record<string, string>> = {
  local: 'ws://127.0.0.1:9944',
  test: 'wss://test.finney.opentensor.ai:443',
  finney: 'wss://entrypoint-finney.opentensor.ai:443',
  archive: 'wss://archive.chain.opentensor.ai:443',
};

/** A ws(s):// URL as given, or the endpoint of an alias. */
export function resolveEndpoint(urlOrAlias: string): string {
  const alias = CHAIN_ALIASES[urlOrAlias];
  if (alias) return alias;
  if (/^wss?:\/\/[^\s]+$/.test(urlOrAlias)) return urlOrAlias;
  throw new SubnetError('CHAIN_BAD_ENDPOINT', `chain '${urlOrAlias}' is neither a ws:// or wss:// URL nor one of ${Object.keys(CHAIN_ALIASES).join(', ')}`);
}
