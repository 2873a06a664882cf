import { existsSync } from 'node:fs';
import { register } from 'node:module';
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
  resolveSubnetkitHere();
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (err) {
    throw new SubnetError('SUBNET_MODULE_INVALID', `${what}: cannot import ${file}: ${(err as Error).message}`, { cause: err });
  }
  if (!(spec.export in mod))
    throw new SubnetError('SUBNET_MODULE_INVALID', `${what}: ${file} has no export \`${spec.export}\` (exports: ${Object.keys(mod).join(', ') || 'none'})`);
  let value = mod[spec.export];
  if (typeof value === 'function' && !check(value)) value = await (value as (o: Record<string, unknown>) => unknown)(spec.options);
  if (!check(value)) throw new SubnetError('SUBNET_MODULE_INVALID', `${what}: export \`${spec.export}\` of ${file} is not ${expected}`);
  return value;
}

let subnetkitHookRegistered = false;

/**
 * Subnet modules import `subnetkit/scoring` and the like. A subnet folder has
 * no node_modules of its own until `npm install` links subnetkit there, and
 * even then its modules must share this process's subnetkit, so `subnetkit`
 * specifiers resolve to this checkout (see subnetkit-hooks.js).
 */
function resolveSubnetkitHere(): void {
  if (subnetkitHookRegistered) return;
  subnetkitHookRegistered = true;
  register(new URL('./subnetkit-hooks.js', import.meta.url), { data: { packageJsonUrl: new URL('../package.json', import.meta.url).href } });
}
