// The running ringscan version, read once from package.json (recorded on every stored run).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

let cached: string | undefined;

export function codeVersion(): string {
  if (cached === undefined) {
    // dist/src/cli → the package root is three levels up (src/cli → two when run from sources)
    const candidates = [join(import.meta.dirname, '..', '..', '..', 'package.json'), join(import.meta.dirname, '..', '..', 'package.json')];
    cached = '0.0.0';
    for (const path of candidates) {
      try {
        const parsed = JSON.parse(readFileSync(path, 'utf8')) as { name?: string; version?: string };
        if (parsed.name === 'ringscan' && parsed.version) {
          cached = parsed.version;
          break;
        }
      } catch {
        // try the next location
      }
    }
  }
  return cached;
}
