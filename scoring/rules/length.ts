import { readPath } from '../field-path.ts';
import type { ScoringItem, ScoringRule } from '../rule.ts';
import { words } from '../similarity.ts';

export interface LengthOptions {
  field: string;
  unit: 'chars' | 'words' | 'items';
  min: number;
  max?: number;
  softness: number;
}

/** 1 inside [min, max] (in chars, words or array items); outside, falls to 0 over `softness` units. */
export function lengthRule(o: LengthOptions, name = 'length'): ScoringRule {
  return {
    name,
    score(items: readonly ScoringItem[]) {
      return items.map((it) => {
        const v = readPath(it.response.body, o.field);
        let len: number;
        if (o.unit === 'items') {
          if (!Array.isArray(v)) return 0;
          len = v.length;
        } else {
          if (typeof v !== 'string') return 0;
          len = o.unit === 'chars' ? v.length : words(v).length;
        }
        const below = Math.max(0, o.min - len);
        const above = o.max === undefined ? 0 : Math.max(0, len - o.max);
        const off = below + above;
        if (off === 0) return 1;
        return o.softness === 0 ? 0 : Math.max(0, 1 - off / o.softness);
      });
    },
  };
}
