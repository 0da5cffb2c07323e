// What the per-account generators share while producing one account: its identity, clock, groups and the
// traits that decide its benign look-alike kind.
import type { Office, PopulationPlan, Ring } from './population-plan.js';
import type { Rng } from '../lib/rng.js';

export type Platform = 'android' | 'ios' | 'web';

export interface AccountState {
  plan: PopulationPlan;
  index: number;
  id: string;
  rng: Rng;
  createdMs: number;
  tzHours: number;
  platform: Platform;
  ring: Ring | undefined;
  /** Position inside the ring / household / office. */
  memberPos: number;
  /** Household index (also for a ring member living in one), or -1. */
  householdIndex: number;
  householdPos: number;
  office: Office | undefined;
  officeIndex: number;
  /** Link-scale factor: linksPerAccount / 5. */
  linkScale: number;
  hasHomeIp: boolean;
  hasCarrierIp: boolean;
  onWifi: boolean;
  onVpn: boolean;
  hasCard: boolean;
  isFan: boolean;
  /** An office member who acts many times more than anyone else (a benign look-alike). */
  isPowerUser: boolean;
  isModerator: boolean;
}
