import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateFindings } from '../../src/evaluate/evaluate-findings.js';
import { EvaluationSchema } from '../../src/evaluate/evaluation-schema.js';
import type { GroundTruth } from '../../src/evaluate/ground-truth.js';
import type { Findings } from '../../src/schema/findings.js';
import { findingsOf, idsOf, truthOf, type TruthRow } from './fixtures.js';

const farm = idsOf('farm', 5);
const cards = idsOf('card', 4);
const household = idsOf('home', 3);
const normal = idsOf('user', 10);

/** Two fraud rings (device_farm of 5, card_ring of 4), a household of 3, 10 plain users, 1 unlabelled account. */
const truthRows: TruthRow[] = [
  ...farm.map((account) => ({ account, label: 'fraud' as const, ring: 'R-farm', kind: 'device_farm' })),
  ...cards.map((account) => ({ account, label: 'fraud' as const, ring: 'R-card', kind: 'card_ring' })),
  ...household.map((account) => ({ account, label: 'benign' as const, ring: 'H1', kind: 'household' })),
  ...normal.map((account) => ({ account, label: 'benign' as const })),
  { account: 'mystery', label: null },
];
const truth = truthOf(truthRows);

describe('evaluateFindings', () => {
  it('perfect detection gives P = R = F1 = 1, PR-AUC = 1, ARI = 1, Jaccard = 1', () => {
    const findings = findingsOf([
      { id: 'X', flagged: true, members: farm },
      { id: 'Y', flagged: true, members: cards },
      { id: 'Z', flagged: false, members: household },
    ]);
    const e = evaluateFindings(findings, truth);
    expect(e.counts).toEqual({ accounts: 23, labelled: 22, fraud: 9, benign: 13, unlabelled: 1, flagged: 9, findingsAccountsNotInTruth: 0, memberRowsWithUnknownRing: 0 });
    expect(e.accounts).toEqual({ tp: 9, fp: 0, fn: 0, tn: 13, precision: 1, recall: 1, f1: 1 });
    expect(e.prAuc).toBe(1);
    expect(e.ari).toBe(1);
    expect(e.rings).toEqual({ matchJaccard: 0.5, true: 2, detected: 2, flagged: 2, unmatchedFlagged: 0, meanBestJaccard: 1, meanBestJaccardFlagged: 1 });
    expect(e.trueRings).toEqual([
      { ring: 'R-card', kind: 'card_ring', size: 4, bestJaccard: 1, bestMatch: 'Y', detected: true },
      { ring: 'R-farm', kind: 'device_farm', size: 5, bestJaccard: 1, bestMatch: 'X', detected: true },
    ]);
    expect(e.byKind.fraud).toEqual([
      { kind: 'card_ring', rings: 1, ringsDetected: 1, accounts: 4, accountsFlagged: 4, recall: 1, meanBestJaccard: 1 },
      { kind: 'device_farm', rings: 1, ringsDetected: 1, accounts: 5, accountsFlagged: 5, recall: 1, meanBestJaccard: 1 },
    ]);
    expect(e.byKind.benign).toEqual([{ kind: 'household', accounts: 3, accountsFlagged: 0, flaggedShare: 0 }]);
    expect(() => EvaluationSchema.parse(e)).not.toThrow();
  });

  it('every account flagged gives recall 1 and precision = base rate 9/22', () => {
    const everyone = truth.accounts.map((account) => ({ account, risk: 0.6, flagged: true }));
    const e = evaluateFindings(findingsOf([], everyone), truth);
    expect(e.accounts.recall).toBe(1);
    expect(e.accounts.precision).toBeCloseTo(9 / 22, 12);
    expect(e.prAuc).toBeCloseTo(9 / 22, 12);
    expect(e.byKind.benign).toEqual([{ kind: 'household', accounts: 3, accountsFlagged: 3, flaggedShare: 1 }]);
    // flagged one by one, not as rings: no ring is found
    expect(e.rings.meanBestJaccard).toBe(0);
    expect(e.rings.meanBestJaccardFlagged).toBeNull();
  });

  it('a ring of 8 found as two flagged halves gives Jaccard 0.5 (still detected at ≥ 0.5) and ARI 3/7', () => {
    const ring = idsOf('r', 8);
    const t = truthOf([...ring.map((account) => ({ account, label: 'fraud' as const, ring: 'T' })), ...idsOf('b', 4).map((account) => ({ account, label: 'benign' as const }))]);
    const e = evaluateFindings(
      findingsOf([
        { id: 'P1', flagged: true, members: ring.slice(0, 4) },
        { id: 'P2', flagged: true, members: ring.slice(4) },
      ]),
      t,
    );
    expect(e.accounts.f1).toBe(1);
    expect(e.rings).toMatchObject({ true: 1, detected: 1, flagged: 2, unmatchedFlagged: 0, meanBestJaccard: 0.5, meanBestJaccardFlagged: 0.5 });
    // n = 12, pairs 66; true: C(8,2) = 28; predicted: 2·C(4,2) = 12; joint 12
    // expected = 28·12/66 = 56/11; ARI = (12 − 56/11) / (20 − 56/11) = (76/11)/(164/11) = 76/164
    expect(e.ari).toBeCloseTo(76 / 164, 12);
  });

  it('nothing flagged gives precision null, recall 0, F1 0, ARI 0, no flagged-ring mean', () => {
    const e = evaluateFindings(findingsOf([{ id: 'Z', flagged: false, members: farm }]), truth);
    expect(e.accounts).toMatchObject({ tp: 0, fp: 0, fn: 9, tn: 13, precision: null, recall: 0, f1: 0 });
    expect(e.ari).toBe(0);
    expect(e.rings).toMatchObject({ detected: 0, flagged: 0, meanBestJaccard: 0, meanBestJaccardFlagged: null });
    expect(e.trueRings.every((r) => r.bestMatch === null)).toBe(true);
    // farm members carry risk 0.3 above everyone else: PR-AUC = (5/9)·1 + (4/9)·(9/22)
    expect(e.prAuc).toBeCloseTo(5 / 9 + (4 / 9) * (9 / 22), 12);
    expect(e.sweep.find((r) => r.best)?.threshold).toBe(0.05);
  });

  it('no fraud labels gives recall, PR-AUC and the true-ring mean as null, precision 0 when something is flagged', () => {
    const benignOnly = truthOf(normal.map((account) => ({ account, label: 'benign' as const })));
    const e = evaluateFindings(findingsOf([{ id: 'X', flagged: true, members: normal.slice(0, 4) }]), benignOnly);
    expect(e.accounts).toMatchObject({ precision: 0, recall: null, f1: 0 });
    expect(e.prAuc).toBeNull();
    expect(e.rings).toMatchObject({ true: 0, meanBestJaccard: null, flagged: 1, unmatchedFlagged: 1, meanBestJaccardFlagged: 0 });
    expect(() => EvaluationSchema.parse(e)).not.toThrow();
  });

  it('accounts and rings unknown to the truth are counted, not evaluated; strangers still enlarge a ring (5/7)', () => {
    const findings = findingsOf([{ id: 'X', flagged: true, members: [...farm, 'stranger1', 'stranger2'] }]);
    findings.members.push({ ring: 'ghost', account: farm[0]!, role: 'member', risk: 0.9, weightedDegree: 1, betweenness: 0, pagerank: 0 });
    const e = evaluateFindings(findings, truth);
    expect(e.counts.findingsAccountsNotInTruth).toBe(2);
    expect(e.counts.memberRowsWithUnknownRing).toBe(1);
    expect(e.trueRings.find((r) => r.ring === 'R-farm')?.bestJaccard).toBeCloseTo(5 / 7, 12);
    expect(e.flaggedRings).toEqual([{ ring: 'X', size: 7, labelledMembers: 5, fraudMembers: 5, bestJaccard: 5 / 7, bestMatch: 'R-farm', matched: true }]);
    expect(e.accounts).toMatchObject({ tp: 5, fp: 0, fn: 4 });
  });

  it('an unflagged ring does not count as a match, and a flagged household is a look-alike false positive', () => {
    const e = evaluateFindings(
      findingsOf([
        { id: 'X', flagged: false, members: farm },
        { id: 'H', flagged: true, members: household },
      ]),
      truth,
    );
    expect(e.trueRings.map((r) => r.bestJaccard)).toEqual([0, 0]);
    expect(e.byKind.benign).toEqual([{ kind: 'household', accounts: 3, accountsFlagged: 3, flaggedShare: 1 }]);
    expect(e.rings).toMatchObject({ flagged: 1, unmatchedFlagged: 1 });
    expect(e.accounts).toMatchObject({ tp: 0, fp: 3, precision: 0 });
  });

  it('unlabelled accounts change no rate even when flagged', () => {
    const base = findingsOf([{ id: 'X', flagged: true, members: farm }]);
    const withMystery = findingsOf([{ id: 'X', flagged: true, members: [...farm, 'mystery'] }]);
    const a = evaluateFindings(base, truth);
    const b = evaluateFindings(withMystery, truth);
    expect(b.accounts).toEqual(a.accounts);
    expect(b.ari).toBe(a.ari);
    expect(b.counts.flagged).toBe(a.counts.flagged + 1);
    // but the ring is one account larger than the true ring: 5/6
    expect(b.trueRings.find((r) => r.ring === 'R-farm')?.bestJaccard).toBeCloseTo(5 / 6, 12);
  });

  it('the sweep has 19 rows by default, is configurable, and rejects bad options', () => {
    const findings = findingsOf([{ id: 'X', flagged: true, members: farm }]);
    expect(evaluateFindings(findings, truth).sweep).toHaveLength(19);
    const custom = evaluateFindings(findings, truth, { sweep: { from: 0.5, to: 1, step: 0.25 } }).sweep;
    expect(custom.map((r) => r.threshold)).toEqual([0.5, 0.75, 1]);
    expect(custom.map((r) => r.flagged)).toEqual([5, 5, 0]);
    expect(() => evaluateFindings(findings, truth, { matchJaccard: 0 })).toThrow();
  });

  it('mismatched ground truth arrays or repeated ids throw', () => {
    expect(() => evaluateFindings(findingsOf([]), { ...truth, label: new Int8Array(2) })).toThrow(/length/);
    expect(() => evaluateFindings(findingsOf([]), truthOf([{ account: 'a', label: 'fraud' }, { account: 'a', label: 'benign' }]))).toThrow(/twice/);
  });
});

/** A random small world: labels, true rings, flagged and unflagged predicted rings, risks on a coarse grid (ties on purpose). */
const world = fc
  .array(
    fc.record({
      label: fc.constantFrom<TruthRow['label']>('fraud', 'benign', null),
      trueRing: fc.integer({ min: 0, max: 3 }),
      kind: fc.constantFrom('farm', 'pod', 'home', undefined),
      predicted: fc.integer({ min: -1, max: 4 }),
      risk: fc.constantFrom(0, 0.1, 0.45, 0.5, 0.8, 1),
    }),
    { minLength: 1, maxLength: 40 },
  )
  .map((rows) => {
    const truthRows: TruthRow[] = rows.map((r, i) => ({ account: `a${i}`, label: r.label, ring: r.trueRing > 0 ? `T${r.trueRing}` : undefined, kind: r.kind }));
    const rings = [0, 1, 2, 3, 4].map((p) => ({ id: `P${p}`, flagged: p % 2 === 0, members: rows.flatMap((r, i) => (r.predicted === p ? [`a${i}`] : [])) }));
    const findings = findingsOf(rings, [], (account) => rows[Number(account.slice(1))]!.risk);
    return { truth: truthOf(truthRows), findings };
  });

function permute(truth: GroundTruth, findings: Findings, order: number[]): [GroundTruth, Findings] {
  const t: GroundTruth = {
    accounts: order.map((i) => truth.accounts[i]!),
    label: Int8Array.from(order.map((i) => truth.label[i]!)),
    ring: order.map((i) => truth.ring[i]),
    kind: order.map((i) => truth.kind[i]),
  };
  return [t, { ...findings, accounts: [...findings.accounts].reverse(), members: [...findings.members].reverse() }];
}

describe('evaluateFindings properties', () => {
  it('every rate lies in [0, 1] (or is null) and ARI in [-1, 1]: the output satisfies EvaluationSchema', () => {
    fc.assert(
      fc.property(world, ({ truth, findings }) => {
        const e = evaluateFindings(findings, truth);
        EvaluationSchema.parse(e);
        expect(e.accounts.tp + e.accounts.fp + e.accounts.fn + e.accounts.tn).toBe(e.counts.labelled);
      }),
    );
  });

  it('permuting account order (truth, findings.accounts, findings.members) changes nothing', () => {
    fc.assert(
      fc.property(
        world.chain((w) => fc.tuple(fc.constant(w), fc.shuffledSubarray(w.truth.accounts.map((_, i) => i), { minLength: w.truth.accounts.length, maxLength: w.truth.accounts.length }))),
        ([{ truth, findings }, order]) => {
          const [t, f] = permute(truth, findings, order);
          expect(evaluateFindings(f, t)).toEqual(evaluateFindings(findings, truth));
        },
      ),
    );
  });
});
