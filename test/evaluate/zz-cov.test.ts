import { it } from 'vitest';
import { createRng } from '../../src/detect/seeded-rng.js';
import { compareStrategies } from '../../src/evaluate/compare-strategies.js';
import { buildPopulation, populationPrecision, sampleFindings, DEFAULT_SHAPE } from './simulated-population.js';
it('cov', () => {
  for (const [name, shape, m] of [['default1000', DEFAULT_SHAPE, 1000], ['default2000', DEFAULT_SHAPE, 2000], ['moresingles', { ...DEFAULT_SHAPE, singleCaught: 0.01 }, 1000]] as const) {
  const pop = buildPopulation(50000, 7, shape);
  const truthP = populationPrecision(pop);
  const rng = createRng(3);
  let covered = 0; const S = 300; const t0 = performance.now();
  let widths = 0; let below = 0;
  for (let s = 0; s < S; s++) {
    const { truth, aligned } = sampleFindings(pop, m, rng);
    const c = compareStrategies(truth, aligned, aligned, { resamples: 1000, seed: s });
    const x = c.metrics.find((x) => x.metric === 'accountPrecision')!;
    if (x.a.low! <= truthP && truthP <= x.a.high!) covered++; else if (x.a.high! < truthP) below++;
    widths += x.a.high! - x.a.low!;
  }
  console.log(name, 'true', truthP.toFixed(3), 'coverage', covered / S, 'below', below, 'width', (widths / S).toFixed(3), 'ms', (performance.now() - t0).toFixed(0));
  }
}, 600000);
