import { describe, expect, it } from 'vitest';
import { evaluateFindings } from '../../src/evaluate/evaluate-findings.js';
import { formatEvaluation } from '../../src/evaluate/format-evaluation.js';
import { findingsOf, idsOf, truthOf } from './fixtures.js';

const farm = idsOf('farm', 6);
const homes = idsOf('home', 4);
const truth = truthOf([
  ...farm.map((account) => ({ account, label: 'fraud' as const, ring: 'R1', kind: 'device_farm' })),
  ...homes.map((account) => ({ account, label: 'benign' as const, kind: 'household' })),
  { account: 'u', label: null },
]);

describe('formatEvaluation', () => {
  it('prints overall metrics, the per-kind tables and the sweep with the best-F1 row marked', () => {
    const findings = findingsOf([
      { id: 'X', flagged: true, members: farm.slice(0, 5) },
      { id: 'H', flagged: true, members: homes.slice(0, 2) },
    ]);
    const text = formatEvaluation(evaluateFindings(findings, truth));
    expect(text).toContain('precision 0.714  recall 0.833  F1 0.769');
    expect(text).toContain('(TP 5  FP 2  FN 1  TN 2)');
    expect(text).toMatch(/1 true, 1 detected \(Jaccard ≥ 0\.5\), mean best Jaccard 0\.833/);
    expect(text).toMatch(/^device_farm\s+1\s+1\s+6\s+5\s+0\.833\s+0\.833$/m);
    expect(text).toMatch(/^household\s+4\s+2\s+0\.500$/m);
    expect(text).toMatch(/^0\.05\s+7\s+0\.714\s+0\.833\s+0\.769\s+← best F1$/m);
    expect(text.match(/← best F1/g)).toHaveLength(1);
    expect(text).toMatch(/^0\.95\s+0\s+n\/a\s+0\.000\s+0\.000$/m);
  });

  it('says n/a for undefined rates and notes findings unknown to the dataset', () => {
    const text = formatEvaluation(evaluateFindings(findingsOf([{ id: 'X', flagged: false, members: ['stranger', ...farm] }]), truth));
    expect(text).toContain('precision n/a');
    expect(text).toContain('1 finding accounts not in the dataset');
  });
});
