// Connected components of the account graph (iterative BFS over the CSR); isolated accounts get no component.
import type { AccountGraph } from '../graph/account-graph.js';

/** Components with at least minSize nodes, each sorted ascending, ordered by smallest node. */
export function findComponents(graph: AccountGraph, minSize: number): Int32Array[] {
  const seen = new Uint8Array(graph.nodeCount);
  const queue = new Int32Array(graph.nodeCount);
  const components: Int32Array[] = [];
  for (let start = 0; start < graph.nodeCount; start++) {
    if (seen[start] || graph.offsets[start] === graph.offsets[start + 1]) continue;
    let head = 0;
    let tail = 0;
    queue[tail++] = start;
    seen[start] = 1;
    while (head < tail) {
      const v = queue[head++]!;
      for (let i = graph.offsets[v]!; i < graph.offsets[v + 1]!; i++) {
        const u = graph.neighbor[i]!;
        if (!seen[u]) {
          seen[u] = 1;
          queue[tail++] = u;
        }
      }
    }
    if (tail >= minSize) components.push(queue.slice(0, tail).sort());
  }
  return components;
}
