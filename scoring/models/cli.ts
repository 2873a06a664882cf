import { pathToFileURL } from 'node:url';
import { ensureModels } from './ensure.ts';

/**
 * `npm run models [-- --force] [--dir <dir>]`: generates the deterministic
 * reference models (text embedding, causal LM, pair classifier) and their
 * WordPiece tokenizer, then prints each file's sha256.
 */
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const argv = process.argv.slice(2);
  const dirAt = argv.indexOf('--dir');
  const models = ensureModels({ force: argv.includes('--force') || dirAt >= 0, dir: dirAt >= 0 ? argv[dirAt + 1] : undefined });
  for (const m of Object.values(models)) process.stdout.write(`${m.sha256}  ${m.path}  (${m.bytes} bytes)\n`);
}
