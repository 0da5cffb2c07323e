// Serves the investigator page (/ui, bundled into dist/ui by `npm run build`) and the API docs (/docs, Swagger UI
// from the swagger-ui-dist package over /v1/openapi.json). Static files only: the page fetches data from the API
// with the key the investigator types in, so these routes need no key themselves.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import express, { type Router } from 'express';

/** The ringscan package root: the nearest folder above this file holding ringscan's package.json. */
function packageRoot(): string {
  let dir = import.meta.dirname;
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'ringscan') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the ringscan package root');
    dir = parent;
  }
}

export const UI_DIR = join(packageRoot(), 'dist', 'ui');

export function uiRoutes(): Router {
  const router = express.Router();
  const swaggerDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  const files = { index: false, fallthrough: true, maxAge: '1h' } as const;
  router.get(['/ui', '/docs'], (req, res, next) => (req.originalUrl.split('?')[0]!.endsWith('/') ? next() : res.redirect(301, `${req.baseUrl}${req.path}/`)));
  router.use('/ui', express.static(UI_DIR, { ...files, index: 'index.html' }));
  router.use('/docs', express.static(join(UI_DIR, 'docs'), { ...files, index: 'index.html' }));
  for (const file of ['swagger-ui.css', 'swagger-ui-bundle.js']) {
    router.get(`/docs/${file}`, (_req, res) => res.sendFile(join(swaggerDir, file), { maxAge: '1h' }));
  }
  router.get(['/ui/', '/docs/'], (_req, res) => {
    // Reached only when the bundle is missing: the checkout was not built.
    res.status(503).type('text/plain').send('The investigator page is not built: run `npm run build`.\n');
  });
  return router;
}
