import { hexToU8a, isHex } from '@polkadot/util';
import { SubnetError } from '../core/errors.ts';
import type { Runtime } from './runtime/build.ts';
import type { Hex } from './scale/types.ts';
import type { Changes } from './state/chain-store.ts';

const invalidInput = (message: string) => new SubnetError('DEVNET_INVALID_INPUT', message);

/**
 * The storage changes of a dev_setStorage argument: raw `[[key, value|null]]`
 * pairs, or `{ Pallet: { Item: value | [[keys], value][] } }` with JS values
 * encoded by the runtime's storage items. Throws `DEVNET_INVALID_INPUT`.
 */
export function storageChanges(runtime: Runtime, values: unknown): Changes {
  const changes: Changes = new Map();
  if (Array.isArray(values)) {
    for (const entry of values) {
      if (!Array.isArray(entry) || entry.length !== 2 || typeof entry[0] !== 'string' || !isHex(entry[0])) {
        throw invalidInput('raw storage entries must be [keyHex, valueHex | null]');
      }
      const v = entry[1];
      if (v !== null && (typeof v !== 'string' || !isHex(v))) throw invalidInput(`value for ${entry[0]} must be hex or null`);
      changes.set(entry[0].toLowerCase() as Hex, v === null ? null : hexToU8a(v));
    }
  } else if (values && typeof values === 'object') {
    for (const [palletName, items] of Object.entries(values as Record<string, unknown>)) {
      const pallet = runtime.palletByName.get(palletName) ?? runtime.palletByName.get(palletName.charAt(0).toLowerCase() + palletName.slice(1));
      if (!pallet) throw invalidInput(`unknown pallet ${palletName}`);
      if (!items || typeof items !== 'object') throw invalidInput(`${palletName} must map item names to values`);
      for (const [itemName, value] of Object.entries(items as Record<string, unknown>)) {
        const item = pallet.storage?.find((s) => s.def.name === itemName || s.def.name.toLowerCase() === itemName.toLowerCase());
        if (!item) throw invalidInput(`unknown storage item ${palletName}.${itemName}`);
        const nKeys = item.def.keys?.length ?? 0;
        const pairs: [unknown[], unknown][] = nKeys === 0 ? [[[], value]] : (value as [unknown[], unknown][]);
        if (!Array.isArray(pairs)) throw invalidInput(`${palletName}.${itemName} is a map: give [[keys], value] pairs`);
        for (const pair of pairs) {
          if (!Array.isArray(pair) || pair.length !== 2 || !Array.isArray(pair[0]) || pair[0].length !== nKeys) {
            throw invalidInput(`${palletName}.${itemName} entries must be [[${nKeys} key(s)], value]`);
          }
          try {
            const key = item.key(...(pair[0] as never[]));
            changes.set(key, pair[1] === null ? null : item.encodeValue(pair[1]));
          } catch (err) {
            throw invalidInput(`${palletName}.${itemName}: ${(err as Error).message}`);
          }
        }
      }
    }
  } else throw invalidInput('expected storage values');
  return changes;
}

/** dev_timeTravel's argument (ms since the epoch, or a date string) in ms. Throws `DEVNET_INVALID_INPUT`. */
export function timeTravelTarget(date: unknown): number {
  const ms = typeof date === 'number' ? date : typeof date === 'string' ? Date.parse(date) : NaN;
  if (!Number.isFinite(ms) || ms < 0) throw invalidInput('expected a timestamp in ms or a date string');
  return ms;
}
