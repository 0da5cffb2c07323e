import { it } from 'vitest';
import { createRng } from '../../src/detect/seeded-rng.js';
import { drawMultiplicities, percentileInterval, sparseColumn, sumColumn } from '../../src/evaluate/cluster-bootstrap.js';
import { buildPopulation, populationPrecision, DEFAULT_SHAPE } from './simulated-population.js';

function normInv(p: number): number { // Acklam
  const a=[-3.969683028665376e+01,2.209460984245205e+02,-2.759285104469687e+02,1.383577518672690e+02,-3.066479806614716e+01,2.506628277459239e+00];
  const b=[-5.447609879822406e+01,1.615858368580409e+02,-1.556989798598866e+02,6.680131188771972e+01,-1.328068155288572e+01];
  const c=[-7.784894002430293e-03,-3.223964580411365e-01,-2.400758277161838e+00,-2.549732539343734e+00,4.374664141464968e+00,2.938163982698783e+00];
  const d=[7.784695709041462e-03,3.224671290700398e-01,2.445134137142996e+00,3.754408661907416e+00];
  const pl=0.02425;
  if(p<pl){const q=Math.sqrt(-2*Math.log(p));return (((((c[0]*q+c[1])*q+c[2])*q+c[3])*q+c[4])*q+c[5])/((((d[0]*q+d[1])*q+d[2])*q+d[3])*q+1);}
  if(p>1-pl){const q=Math.sqrt(-2*Math.log(1-p));return -(((((c[0]*q+c[1])*q+c[2])*q+c[3])*q+c[4])*q+c[5])/((((d[0]*q+d[1])*q+d[2])*q+d[3])*q+1);}
  const q=p-0.5,r=q*q;return (((((a[0]*r+a[1])*r+a[2])*r+a[3])*r+a[4])*r+a[5])*q/(((((b[0]*r+b[1])*r+b[2])*r+b[3])*r+b[4])*r+1);
}
function normCdf(x: number): number { const t=1/(1+0.2316419*Math.abs(x)); const d=0.3989423*Math.exp(-x*x/2); const p=d*t*(0.3193815+t*(-0.3565638+t*(1.781478+t*(-1.821256+t*1.330274)))); return x>0?1-p:p; }

it('cov', () => {
  for (const [name, shape, m] of [['default1000', DEFAULT_SHAPE, 1000], ['default2000', DEFAULT_SHAPE, 2000], ['busy1000', { ...DEFAULT_SHAPE, officeCaught: 0.3, singleCaught: 0.02 }, 1000]] as const) {
    const pop = buildPopulation(50000, 7, shape);
    const truthP = populationPrecision(pop);
    const rng = createRng(3);
    const S = 400; const t0 = performance.now();
    let cov = 0, covB = 0, nfp = 0;
    for (let s = 0; s < S; s++) {
      const tp = new Float64Array(m), f = new Float64Array(m);
      for (let k = 0; k < m; k++) { const c = pop[Math.floor(rng() * pop.length)]!; f[k] = c.flagged; tp[k] = c.fraud ? c.flagged : 0; if (!c.fraud && c.flagged) nfp++; }
      const T = sparseColumn(tp), F = sparseColumn(f);
      const p = sumColumn(T, null) / sumColumn(F, null);
      const r2 = createRng(s); const mult = new Int32Array(m); const draws: number[] = [];
      for (let r = 0; r < 1000; r++) { drawMultiplicities(r2, mult); const den = sumColumn(F, mult); if (den > 0) draws.push(sumColumn(T, mult) / den); }
      const iv = percentileInterval(draws, 0.95)!;
      if (iv.low <= truthP && truthP <= iv.high) cov++;
      // BCa
      const Tt = sumColumn(T, null), Ft = sumColumn(F, null);
      const u: number[] = []; for (let k = 0; k < m; k++) u.push((Tt - tp[k]!) / (Ft - f[k]!));
      const ubar = u.reduce((x, y) => x + y, 0) / m; let num = 0, den = 0; for (const x of u) { num += (ubar - x) ** 3; den += (ubar - x) ** 2; }
      const acc = num / (6 * den ** 1.5 || 1);
      const below = draws.filter((x) => x < p).length + 0.5 * draws.filter((x) => x === p).length;
      const z0 = normInv(Math.min(1 - 1e-6, Math.max(1e-6, below / draws.length)));
      const adj = (a: number) => { const z = normInv(a); return normCdf(z0 + (z0 + z) / (1 - acc * (z0 + z))); };
      const sorted = Float64Array.from(draws).sort();
      const q = (x: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.floor(x * (sorted.length - 1))))]!;
      const lo = q(adj(0.025)), hi = q(adj(0.975));
      if (lo <= truthP && truthP <= hi) covB++;
    }
    console.log(name, 'true', truthP.toFixed(3), 'pct', cov / S, 'bca', covB / S, 'fpclusters/sample', (nfp / S).toFixed(1), 'ms', (performance.now() - t0).toFixed(0));
  }
}, 600000);
