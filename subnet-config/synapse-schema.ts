import { z } from 'zod';
import type { PayloadSchema } from './schema/synapse.ts';

/** Builds a zod validator from a synapse payload schema (the JSON-Schema subset of subnet.yaml). */
export function payloadValidator(s: PayloadSchema): z.ZodType {
  let t: z.ZodType;
  switch (s.type) {
    case 'string': {
      let v = z.string();
      if (s.minLength !== undefined) v = v.min(s.minLength);
      if (s.maxLength !== undefined) v = v.max(s.maxLength);
      t = s.enum ? v.refine((x) => s.enum!.includes(x), `one of ${s.enum.join(', ')}`) : v;
      break;
    }
    case 'number':
    case 'integer': {
      let v = s.type === 'integer' ? z.number().int() : z.number();
      if (s.minimum !== undefined) v = v.min(s.minimum);
      if (s.maximum !== undefined) v = v.max(s.maximum);
      t = v;
      break;
    }
    case 'boolean':
      t = z.boolean();
      break;
    case 'null':
      t = z.null();
      break;
    case 'array': {
      // numeric vectors (embeddings) are the bulk of many payloads: check them in one tight loop
      if (
        s.items &&
        (s.items.type === 'number' || s.items.type === 'integer') &&
        s.items.minimum === undefined &&
        s.items.maximum === undefined &&
        !s.items.enum
      ) {
        t = numericVector(s.items.type === 'integer', s.minItems, s.maxItems);
        break;
      }
      let v = z.array(s.items ? payloadValidator(s.items) : z.unknown());
      if (s.minItems !== undefined) v = v.min(s.minItems);
      if (s.maxItems !== undefined) v = v.max(s.maxItems);
      t = v;
      break;
    }
    case 'object': {
      const required = new Set(s.required ?? []);
      const shape: Record<string, z.ZodType> = {};
      for (const [k, p] of Object.entries(s.properties ?? {})) shape[k] = required.has(k) ? payloadValidator(p) : payloadValidator(p).optional();
      const o = z.object(shape);
      t = s.additionalProperties === false ? o.strict() : o.loose();
      break;
    }
  }
  return t;
}

/**
 * Typed arrays that can stand for a JSON array of numbers (msgpack carries them
 * as raw bytes, protocol/ws/codec.ts); integer schemas take only integer element types.
 */
const FLOAT_ARRAYS = [Float32Array, Float64Array];
const INTEGER_ARRAYS = [Int8Array, Uint8Array, Int16Array, Uint16Array, Int32Array, Uint32Array];

function numericVector(integer: boolean, minItems?: number, maxItems?: number): z.ZodType {
  return z.custom<ArrayLike<number>>().superRefine((v, ctx) => {
    const typed = INTEGER_ARRAYS.some((T) => v instanceof T) || (!integer && FLOAT_ARRAYS.some((T) => v instanceof T));
    if (!Array.isArray(v) && !typed) {
      ctx.addIssue({ code: 'custom', message: `expected an array of ${integer ? 'integers' : 'numbers'}` });
      return;
    }
    const xs = v as ArrayLike<unknown>;
    if (minItems !== undefined && xs.length < minItems) ctx.addIssue({ code: 'custom', message: `expected at least ${minItems} items, got ${xs.length}` });
    if (maxItems !== undefined && xs.length > maxItems) ctx.addIssue({ code: 'custom', message: `expected at most ${maxItems} items, got ${xs.length}` });
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i];
      if (typeof x !== 'number' || !Number.isFinite(x) || (integer && !Number.isInteger(x))) {
        ctx.addIssue({ code: 'custom', path: [i], message: `expected a finite ${integer ? 'integer' : 'number'}, got ${JSON.stringify(x)}` });
        return;
      }
    }
  });
}

/** undefined when valid, else one line naming the first failing field path. */
export function checkPayload(validator: z.ZodType, value: unknown): string | undefined {
  const r = validator.safeParse(value);
  if (r.success) return undefined;
  const issue = r.error.issues[0];
  return `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`;
}
