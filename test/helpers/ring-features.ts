// Ring features for scoring tests: every feature zero unless overridden (read from the schema, so a new feature
// needs no change here), checked against the schema.
import { RingFeaturesSchema, type RingFeatures } from '../../src/schema/findings.js';

export function ringFeatures(overrides: Partial<RingFeatures> = {}): RingFeatures {
  const zero = Object.fromEntries(Object.keys(RingFeaturesSchema.shape).map((key) => [key, 0]));
  return RingFeaturesSchema.parse({ ...zero, sharedEntitiesByType: {}, size: 10, edges: 20, density: 0.4, creationBurstHours: 3, ...overrides });
}
