import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SubnetError } from '../core/errors.ts';

/**
 * Loads a subnet's own TS/JS module (challenge generator, custom rule, miner
 * handler) at runtime. The export may be the object itself or a factory
 * `(options) => object`; `check` says whether the result has the right shape.
 */
export async function loadSubnetModule<T>(
  dir: string,
  spec: { module: string; export: string; options: Record<string, unknown> },
  what: string,
  check: (v: unknown) => v is T,
  expected: string,
): Promise<T> {
  const file = isAbsolute(spec.module) ? spec.module : resolve(dir, spec.module);
  if (!existsSync(file)) throw new SubnetError('SUBNET_MODULE_NOT_FOUND', `${what}: module ${file} does not exist`);
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (err) {
    throw new SubnetError('SUBNET_MODULE_INVALID', `${what}: cannot import ${file}: ${(err as Error).message}`, { cause: err });
  }
  if (!(spec.export in mod)) throw new SubnetError('SUBNET_MODULE_INVALID', `${what}: ${file} has no export \`${spec.export}\` (exports: ${Object.keys(mod).join(', ') || 'none'})`);
  let value = mod[spec.export];
  if (typeof value === 'function' && !check(value)) value = await (value as (o: Record<string, unknown>) => unknown)(spec.options);
  if (!check(value)) throw new SubnetError('SUBNET_MODULE_INVALID', `${what}: export \`${spec.export}\` of ${file} is not ${expected}`);
  return value;
}
