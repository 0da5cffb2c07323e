// Run-independent ring ids: 'R' + 12 hex digits of sha256 over the sorted member ids.
import { createHash } from 'node:crypto';

export function ringIdOf(members: readonly string[]): string {
  // Length-prefixed, so no choice of characters inside ids can make two member lists hash the same bytes.
  const text = [...members]
    .sort()
    .map((member) => `${member.length}:${member}`)
    .join('');
  return `R${createHash('sha256').update(text).digest('hex').slice(0, 12)}`;
}
