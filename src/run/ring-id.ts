// Run-independent ring ids: 'R' + 12 hex digits of sha256 over the sorted member ids.
import { createHash } from 'node:crypto';

export function ringIdOf(members: readonly string[]): string {
  const hash = createHash('sha256');
  // Length-prefixed, so no choice of characters inside ids can make two member lists hash the same bytes.
  for (const member of [...members].sort()) hash.update(`${member.length}:${member}`);
  return `R${hash.digest('hex').slice(0, 12)}`;
}
