// A known population for coverage simulations: fraud rings, benign groups (offices) and benign singletons, each with
// its own chance of being flagged. Samples draw whole clusters with replacement, as independent units would arrive.
import { createRng, type RandomFn } from '../../src/lib/rng.js';
import type { AlignedFindings } from '../../src/evaluate/align-findings.js';
import type { GroundTruth } from '../../src/evaluate/ground-truth.js';

export interface PopulationCluster {
  fraud: boolean;
  size: number;
  /** Members flagged (a caught ring misses a few members; a flagged office is flagged whole). */
  flagged: number;
  risk: number;
}

export interface PopulationShape {
  ringShare: number;
  ringCaught: number;
  officeShare: number;
  officeCaught: number;
  singleCaught: number;
}

export const DEFAULT_SHAPE: PopulationShape = { ringShare: 0.04, ringCaught: 0.75, officeShare: 0.03, officeCaught: 0.12, singleCaught: 0.004 };

export function buildPopulation(clusters: number, seed: number, shape: PopulationShape = DEFAULT_SHAPE): PopulationCluster[] {
  const rng = createRng(seed);
  const out: PopulationCluster[] = [];
  for (let c = 0; c < clusters; c++) {
    const u = rng();
    if (u < shape.ringShare) {
      const size = 3 + Math.floor(rng() * 25);
      const caught = rng() < shape.ringCaught;
      const flagged = caught ? size - Math.floor(rng() * Math.min(4, size)) : 0;
      out.push({ fraud: true, size, flagged, risk: caught ? 0.6 + 0.4 * rng() : 0 });
    } else if (u < shape.ringShare + shape.officeShare) {
      const size = 3 + Math.floor(rng() * 15);
      const caught = rng() < shape.officeCaught;
      out.push({ fraud: false, size, flagged: caught ? size : 0, risk: caught ? 0.5 + 0.3 * rng() : 0 });
    } else {
      const caught = rng() < shape.singleCaught;
      out.push({ fraud: false, size: 1, flagged: caught ? 1 : 0, risk: caught ? 0.55 : 0 });
    }
  }
  return out;
}

export function populationPrecision(population: readonly PopulationCluster[]): number {
  let tp = 0;
  let flagged = 0;
  for (const c of population) {
    flagged += c.flagged;
    if (c.fraud) tp += c.flagged;
  }
  return tp / flagged;
}

/** `count` clusters drawn with replacement, laid out as accounts with ground truth and aligned findings. */
export function sampleFindings(population: readonly PopulationCluster[], count: number, rng: RandomFn): { truth: GroundTruth; aligned: AlignedFindings } {
  const accounts: string[] = [];
  const label: number[] = [];
  const ring: (string | undefined)[] = [];
  const kind: (string | undefined)[] = [];
  const risk: number[] = [];
  const flaggedOf: number[] = [];
  const ringOf: number[] = [];
  const flaggedRings: { size: number; known: Int32Array }[] = [];
  for (let k = 0; k < count; k++) {
    const c = population[Math.floor(rng() * population.length)]!;
    const members: number[] = [];
    for (let j = 0; j < c.size; j++) {
      const i = accounts.length;
      members.push(i);
      accounts.push(`a${i}`);
      label.push(c.fraud ? 1 : 0);
      ring.push(c.fraud ? `ring${k}` : undefined);
      kind.push(c.fraud ? 'farm' : c.size > 1 ? 'office' : 'normal');
      const isFlagged = j < c.flagged;
      risk.push(c.risk);
      flaggedOf.push(isFlagged ? 1 : 0);
      ringOf.push(-1);
    }
    if (c.flagged > 0) {
      const p = flaggedRings.length;
      for (const i of members) ringOf[i] = p;
      flaggedRings.push({ size: c.size, known: Int32Array.from(members) });
    }
  }
  return {
    truth: { accounts, label: Int8Array.from(label), ring, kind },
    aligned: {
      risk: Float64Array.from(risk),
      isFlagged: Uint8Array.from(flaggedOf),
      flaggedRingOf: Int32Array.from(ringOf),
      flaggedRingIds: flaggedRings.map((_, p) => `p${p}`),
      flaggedRings,
      findingsAccountsNotInTruth: 0,
      memberRowsWithUnknownRing: 0,
    },
  };
}
