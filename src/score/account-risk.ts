// Account risk: a ring member inherits its ring's score, discounted for a weak (peripheral) tie; known-bad
// propagation lifts accounts near labelled fraud. Reasons say why, in words; which ring is the account's `ring` field, never part of the text.
import { round6 } from '../lib/round.js';
import type { AccountRisk, Reason, Role } from '../schema/findings.js';

export const ROLE_RISK_FACTOR: Record<Role, number> = { coordinator: 1, member: 1, peripheral: 0.75 };

export function memberRisk(ringScore: number, role: Role): number {
  return round6(ringScore * ROLE_RISK_FACTOR[role]);
}

export function memberReasons(ringSize: number, role: Role, ringReasons: Reason[]): string[] {
  const roleText =
    role === 'coordinator' ? 'central (coordinator)' : role === 'peripheral' ? 'loosely tied (peripheral)' : 'a member';
  return [`${roleText} in a ring of ${ringSize} accounts`, ...ringReasons.filter((r) => r.weight > 0).slice(0, 3).map((r) => r.text)];
}

export function compareAccountRisk(x: AccountRisk, y: AccountRisk): number {
  return y.risk - x.risk || (x.account < y.account ? -1 : x.account > y.account ? 1 : 0);
}
