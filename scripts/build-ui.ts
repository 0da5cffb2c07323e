// Bundles the investigator page (src/ui/client, sigma.js over graphology from npm) with esbuild into dist/ui,
// beside its HTML and CSS, so `ringscan serve` needs nothing from the network. Run by `npm run build`.
import { cp, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';

const root = join(import.meta.dirname, '..', '..');
const out = join(root, 'dist', 'ui');

await mkdir(out, { recursive: true });
await build({
  entryPoints: [join(root, 'src', 'ui', 'client', 'main.ts')],
  outfile: join(out, 'app.js'),
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  sourcemap: true,
  legalComments: 'linked',
  logLevel: 'warning',
});
await cp(join(root, 'src', 'ui', 'static'), out, { recursive: true });
