import { describe, expect, it } from 'vitest';
import { assertGroundTruth, groundTruthFromDataset } from '../../src/evaluate/ground-truth.js';
import type { Dataset } from '../../src/schema/dataset.js';
import { RingscanError } from '../../src/schema/errors.js';

function datasetOf(ids: string[], labels?: Dataset['labels']): Dataset {
  return {
    accounts: { ids, createdAtMs: new Float64Array(ids.length), country: ids.map(() => undefined), isImplicit: new Uint8Array(ids.length) },
    entities: { types: [], typeOf: new Int32Array(0), values: [] },
    links: { account: new Int32Array(0), entity: new Int32Array(0) },
    actions: { actionNames: [], targets: [], account: new Int32Array(0), action: new Int32Array(0), target: new Int32Array(0), tsSec: new Float64Array(0) },
    ...(labels ? { labels } : {}),
  };
}

describe('groundTruthFromDataset', () => {
  it('takes account ids and the label table as they are', () => {
    const labels = { label: Int8Array.from([1, 0, -1]), ring: ['R1', undefined, undefined], kind: ['device_farm', 'household', undefined] };
    const truth = groundTruthFromDataset(datasetOf(['a', 'b', 'c'], labels));
    expect(truth).toEqual({ accounts: ['a', 'b', 'c'], ...labels });
    expect(() => assertGroundTruth(truth)).not.toThrow();
  });

  it('a dataset without labels is a one-line MISSING_FILE error', () => {
    const error = (() => {
      try {
        groundTruthFromDataset(datasetOf(['a']));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(RingscanError);
    expect((error as RingscanError).code).toBe('MISSING_FILE');
    expect((error as RingscanError).message).toMatch(/no labels file/);
    expect((error as RingscanError).message).not.toContain('\n');
  });

  it('a label outside {-1, 0, 1} is rejected', () => {
    expect(() => assertGroundTruth({ accounts: ['a'], label: Int8Array.from([2]), ring: [undefined], kind: [undefined] })).toThrow(/expected 1, 0 or -1/);
  });
});
