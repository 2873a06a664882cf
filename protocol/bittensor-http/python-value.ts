/**
 * The JSON-typed values of a Python synapse as Python sees them after
 * `json.loads`: ints and floats are different types (`1` vs `1.0` hash
 * differently through `str()`), ints are unbounded, dicts keep insertion order
 * even for numeric-looking keys. JS numbers and objects lose all three, so
 * the body hash and the wire JSON are computed over this representation.
 *
 * int → bigint, float → number, str → string, bool, None → null,
 * list → array, dict → Map (insertion order).
 */
export type PyValue = null | boolean | string | bigint | number | PyValue[] | PyDict;
export type PyDict = Map<string, PyValue>;

/** Marks a JS number as a Python float, so an integral value is sent and hashed as `1.0`, not `1`. */
export class PyFloat {
  constructor(readonly value: number) {}
}

export function pyFloat(value: number): PyFloat {
  return new PyFloat(value);
}

type TypedArray = Float32Array | Float64Array | Int8Array | Int16Array | Int32Array | Uint8Array | Uint16Array | Uint32Array | BigInt64Array | BigUint64Array;

function isTypedArray(x: unknown): x is TypedArray {
  return ArrayBuffer.isView(x) && !(x instanceof DataView);
}

/**
 * A JS value as the Python side will see it once it is sent as JSON: integral
 * numbers become ints (that is what `JSON.stringify` writes), other numbers
 * floats, `pyFloat(x)` a float, typed arrays lists, `undefined` object members
 * are dropped (and `null` in arrays), non-finite numbers floats (Python's json
 * writes them as NaN/Infinity).
 */
export function toPyValue(x: unknown): PyValue {
  if (x === null || x === undefined) return null;
  if (x instanceof PyFloat) return x.value;
  switch (typeof x) {
    case 'boolean':
    case 'string':
    case 'bigint':
      return x;
    case 'number':
      return Number.isInteger(x) ? BigInt(x) : x;
    case 'object':
      break;
    default:
      throw new TypeError(`cannot send a ${typeof x} as JSON`);
  }
  if (x instanceof Map) {
    const out: PyDict = new Map();
    for (const [k, v] of x) out.set(String(k), toPyValue(v));
    return out;
  }
  if (Array.isArray(x)) return x.map(toPyValue);
  if (isTypedArray(x)) {
    const floats = x instanceof Float32Array || x instanceof Float64Array;
    return Array.from(x as ArrayLike<number | bigint>, (v) => (floats ? (v as number) : typeof v === 'bigint' ? v : BigInt(v)));
  }
  const out: PyDict = new Map();
  for (const [k, v] of Object.entries(x as Record<string, unknown>)) {
    if (v !== undefined) out.set(k, toPyValue(v));
  }
  return out;
}

/** Back to plain JS: ints as numbers when exact, else bigint; dicts as objects. */
export function fromPyValue(v: PyValue): unknown {
  if (typeof v === 'bigint') return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  if (Array.isArray(v)) return v.map(fromPyValue);
  if (v instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [k, item] of v) {
      // a JSON key "__proto__" must stay data, not become the prototype
      Object.defineProperty(out, k, { value: fromPyValue(item), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return v;
}
