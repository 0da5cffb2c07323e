// How much one shared entity says about the accounts sharing it. Type weight, discounted by degree (an
// identifier shared by many says less about each pair), and scaled by how tightly its accounts' creation
// times cluster against the population: a device whose 12 accounts were made the same afternoon is
// evidence; a browser fingerprint common to 50 accounts made over three years is background.
import type { Dataset } from '../schema/dataset.js';
import type { BipartiteIndex } from './bipartite-index.js';
import { creationBurst, type CreationTimeline } from './creation-burst.js';

export interface EntityWeightOptions {
  /** Per-pair weight falls as 1 / (degree − 1)^degreeExponent. */
  degreeExponent: number;
  /** Weight kept by an entity whose accounts show no creation clustering at all. */
  unclusteredWeight: number;
  /** Creation-burst surprise (−log10 p) at which an entity counts as fully clustered. */
  clusteredSurprise: number;
  burstWindowsHours: number[];
}

export interface EntityWeights {
  /** Per-pair weight of each entity; 0 for hubs and entities used by one account. */
  weight: Float64Array;
  /** How clustered each entity's accounts' creation times are, in [unclusteredWeight, 1]. */
  suspicion: Float64Array;
}

export function computeEntityWeights(dataset: Dataset, index: BipartiteIndex, typeWeights: Float64Array, timeline: CreationTimeline, options: EntityWeightOptions): EntityWeights {
  const weights = new Float64Array(index.entityCount);
  const suspicions = new Float64Array(index.entityCount);
  const created = dataset.accounts.createdAtMs;
  const times: number[] = [];
  for (let e = 0; e < index.entityCount; e++) {
    const start = index.entityOffsets[e]!;
    const degree = index.entityOffsets[e + 1]! - start;
    if (degree < 2 || index.isHub[e]) continue;
    times.length = 0;
    for (let i = start; i < start + degree; i++) times.push(created[index.entityAccounts[i]!]!);
    const surprise = creationBurst(times, timeline, options.burstWindowsHours).surprise;
    const clustered = Math.min(1, surprise / options.clusteredSurprise);
    const suspicion = options.unclusteredWeight + (1 - options.unclusteredWeight) * clustered;
    suspicions[e] = suspicion;
    weights[e] = (typeWeights[dataset.entities.typeOf[e]!]! * suspicion) / Math.pow(degree - 1, options.degreeExponent);
  }
  return { weight: weights, suspicion: suspicions };
}
