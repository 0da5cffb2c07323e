import { it } from 'vitest';
import { createRng } from '../../src/detect/seeded-rng.js';
import { compareStrategies } from '../../src/evaluate/compare-strategies.js';
import { buildPopulation, populationPrecision, sampleFindings, DEFAULT_SHAPE } from './simulated-population.js';
it('cov', () => {
  for (const [name, shape, m] of [['dense300', { ringShare: 0.15, ringCaught: 0.75, officeShare: 0.15, officeCaught: 0.3, singleCaught: 0.05 }, 300], ['dense200', { ringShare: 0.15, ringCaught: 0.75, officeShare: 0.15, officeCaught: 0.3, singleCaught: 0.05 }, 200]] as const) {
  const pop = buildPopulation(50000, 7, shape);
  const truthP = populationPrecision(pop);
  for (const seed of [3, 4]) {
  const rng = createRng(seed);
  let covered = 0; const S = 400; const t0 = performance.now();
  let widths = 0; let below = 0;
  for (let s = 0; s < S; s++) {
    const { truth, aligned } = sampleFindings(pop, m, rng);
    const c = compareStrategies(truth, aligned, aligned, { resamples: 1000, seed: s });
    const x = c.metrics.find((x) => x.metric === 'accountPrecision')!;
    if (x.a.low! <= truthP && truthP <= x.a.high!) covered++; else if (x.a.high! < truthP) below++;
    widths += x.a.high! - x.a.low!;
  }
  console.log(name, seed, 'true', truthP.toFixed(3), 'coverage', covered / S, 'below', below, 'width', (widths / S).toFixed(3), 'ms', (performance.now() - t0).toFixed(0));
  }
  }
}, 600000);
