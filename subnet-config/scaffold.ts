import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SubnetError } from '../core/errors.ts';
import { ensureModels } from '../scoring/models/ensure.ts';

const TEMPLATES = ['embedding', 'generation'] as const;
export type TemplateName = (typeof TEMPLATES)[number];

const HERE = dirname(fileURLToPath(import.meta.url));
const TEMPLATES_DIR = join(HERE, 'templates');
const REPO_ROOT = resolve(HERE, '..');

/**
 * `subnet init <dir>`: writes a working subnet definition (subnet.yaml,
 * challenge generator, reference miner, a custom rule stub, tests, README,
 * package.json) from a template. Models are the generated reference models,
 * pinned by sha256. Modules import `subnetkit/...` by package name; the
 * package.json depends on this checkout through a `file:` path, which
 * `npm install` links without a registry. Refuses to overwrite.
 */
export function scaffoldSubnet(dir: string, template: TemplateName = 'embedding', opts: { name?: string } = {}): string[] {
  if (!TEMPLATES.includes(template)) throw new SubnetError('INIT_TEMPLATE', `unknown template ${template}; expected one of ${TEMPLATES.join(', ')}`);
  const target = resolve(dir);
  if (existsSync(target) && readdirSync(target).length > 0) throw new SubnetError('INIT_NOT_EMPTY', `${target} exists and is not empty; choose a new folder`);
  const name = opts.name ?? slug(basename(target));
  const models = ensureModels();
  const rel = (p: string) => {
    const r = relative(target, p).split(sep).join('/');
    return r.startsWith('.') ? r : `./${r}`;
  };
  const vars: Record<string, string> = {
    NAME: name,
    TEMPLATE: template,
    MODELS_DIR: rel(dirname(models.embedding.path)),
    SHA_EMBEDDING: models.embedding.sha256,
    SHA_TOKENIZER: models.tokenizer.sha256,
    SHA_CLASSIFIER: models.classifier.sha256,
  };
  const written: string[] = [];
  const copy = (from: string, to: string) => {
    for (const entry of readdirSync(from).sort()) {
      const src = join(from, entry);
      const dst = join(to, entry);
      if (statSync(src).isDirectory()) copy(src, dst);
      else {
        mkdirSync(to, { recursive: true });
        writeFileSync(
          dst,
          readFileSync(src, 'utf8').replace(/\{\{([A-Z_]+)\}\}/g, (m, k: string) => vars[k] ?? m),
        );
        written.push(dst);
      }
    }
  };
  copy(join(TEMPLATES_DIR, template), target);
  const packageJson = join(target, 'package.json');
  writeFileSync(packageJson, `${JSON.stringify(subnetPackage(name, rel(REPO_ROOT)), null, 2)}\n`);
  written.push(packageJson);
  return written;
}

/** An ES module package (so tsx loads its .ts files as modules) depending on this checkout. */
function subnetPackage(name: string, subnetkitPath: string): Record<string, unknown> {
  const own = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { engines: Record<string, string>; devDependencies: Record<string, string> };
  return {
    name,
    version: '0.1.0',
    private: true,
    type: 'module',
    engines: own.engines,
    scripts: { simulate: 'subnet simulate .', test: 'vitest run' },
    dependencies: { subnetkit: `file:${subnetkitPath}` },
    devDependencies: { vitest: own.devDependencies.vitest },
  };
}

function slug(s: string): string {
  const out = s
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return /^[a-z0-9]/.test(out) ? out : `subnet-${out || 'new'}`;
}
