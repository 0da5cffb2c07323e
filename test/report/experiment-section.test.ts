// The report's experiment section from a real analysis of simulated outcomes: verdict, SRM line, one interval drawn
// per metric with a relative effect, guardrail marked; nothing when there is no experiment.
import { describe, expect, it } from 'vitest';
import { simulateExperiment } from '../../src/experiment/simulate-experiment.js';
import { experimentSection } from '../../src/report/experiment-section.js';

describe('experimentSection', () => {
  it('draws each metric’s interval and states the verdict', () => {
    const { analysis } = simulateExperiment({ seed: 4, rings: 300, holdout: 0.3, effect: -0.3, aa: false });
    const html = experimentSection(analysis);
    expect(html).toContain('<section id="experiment">');
    expect(html).toContain('Verdict: ');
    expect(html).toMatch(/SRM check: \d+ rings enforced/);
    const drawn = analysis.metrics.filter((m) => m.cuped.relative !== null).length;
    expect(drawn).toBeGreaterThanOrEqual(3);
    expect(html.match(/<line class="interval"/g)).toHaveLength(drawn);
    expect(html).toContain('appeals (guardrail)');
    expect(experimentSection(undefined)).toBe('');
  });
});
