import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { formatBenchResult, type Benchmark, type BenchResult } from './result.ts';

/**
 * `npm run bench [-- <name>...] [--json]`. Each `bench/<name>.bench.ts` exports
 * a default `Benchmark`. With `--json` and one name, prints exactly one JSON
 * object; otherwise a readable table per benchmark.
 */
const argv = process.argv.slice(2);
const json = argv.includes('--json');
const names = argv.filter((a) => !a.startsWith('--'));

const dir = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.slice(0, -'.bench.ts'.length))
  .sort();

const unknown = names.filter((n) => !available.includes(n));
if (unknown.length > 0) {
  process.stderr.write(`unknown benchmark(s): ${unknown.join(', ')}; available: ${available.join(', ')}\n`);
  process.exit(2);
}

const results: BenchResult[] = [];
for (const name of names.length > 0 ? names : available) {
  const mod = (await import(pathToFileURL(join(dir, `${name}.bench.ts`)).href)) as { default: Benchmark };
  if (!json) process.stderr.write(`running ${name}...\n`);
  const result = await mod.default({ json });
  results.push(result);
  if (!json) process.stdout.write(`${formatBenchResult(result)}\n`);
}
if (json) process.stdout.write(`${JSON.stringify(results.length === 1 ? results[0] : results)}\n`);
