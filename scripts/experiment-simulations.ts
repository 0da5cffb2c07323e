// `npm run sim:experiment [-- --simulations 1000]`: the experiment acceptance simulations at full size — A/A rejection
// of the 5 % test, coverage of a planted effect, CUPED's variance cut against 1 − ρ², and SRM catching a 55/45 split.
// test/experiment/experiment-simulation.test.ts runs the same code with fewer simulations.
import { parseScriptArgs } from './script-args.js';
import { runAcceptance, SIMULATION_PERMUTATIONS } from '../src/experiment/simulate-experiment.js';

const USAGE = 'usage: npm run sim:experiment [-- --simulations 1000]';
const { values } = parseScriptArgs(USAGE, {
  options: {
    simulations: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '1' },
    rings: { type: 'string', default: '600' },
    holdout: { type: 'string', default: '0.1' },
    effect: { type: 'string', default: '-0.3' },
    'srm-rings': { type: 'string', default: '4000' },
    permutations: { type: 'string', default: String(SIMULATION_PERMUTATIONS) },
  },
});
const started = performance.now();
const figures = runAcceptance({
  simulations: Number(values.simulations),
  seed: Number(values.seed),
  rings: Number(values.rings),
  holdout: Number(values.holdout),
  effect: Number(values.effect),
  srmRings: Number(values['srm-rings']),
  permutations: Number(values.permutations),
});
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
console.log(`${figures.simulations} simulated experiments per check; ${values.rings} flagged rings (sizes 3–60, Pareto), ${pct(Number(values.holdout))} held out; ${figures.permutations} re-randomizations per analysis; ${((performance.now() - started) / 1000).toFixed(0)} s`);
console.log(`A/A: the 5 % CUPED test rejected ${pct(figures.aa.rejection)} of metric tests (unadjusted: ${pct(figures.aa.unadjustedRejection)}); by metric ${Object.entries(figures.aa.rejectionByMetric).map(([m, r]) => `${m} ${pct(r)}`).join(', ')}; Holm rejected any of the 4 metrics in ${pct(figures.aa.anyAfterHolm)}`);
console.log(`effect ${values.effect}: relative intervals covered ${pct(figures.coverage.relative)} (${Object.entries(figures.coverage.relativeByMetric).map(([m, r]) => `${m} ${pct(r)}`).join(', ')}); differences covered ${pct(figures.coverage.difference)} (${Object.entries(figures.coverage.differenceByMetric).map(([m, r]) => `${m} ${pct(r)}`).join(', ')})`);
for (const [m, c] of Object.entries(figures.cuped)) {
  console.log(`CUPED ${m}: Var(CUPED)/Var(unadjusted) across simulations ${c.varianceRatio.toFixed(3)}; 1 − ρ² (population ρ, pooled) ${c.oneMinusRhoSquared.toFixed(3)} (ratio ${(c.varianceRatio / c.oneMinusRhoSquared).toFixed(3)}); 1 − mean sample ρ̂² ${c.oneMinusMeanSampleRhoSquared.toFixed(3)}; mean reported cut ${pct(c.reportedReduction)}`);
}
console.log(`SRM with ${figures.srm.rings} rings: a 55/45 split where 50/50 was designed caught in ${pct(figures.srm.caught)}; a fair Bernoulli 50/50 split alarmed in ${pct(figures.srm.falseAlarms)}`);
console.log(JSON.stringify({ bench: 'experiment-simulations', ...figures }));
