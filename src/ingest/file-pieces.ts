// Cuts a plain file into byte ranges that start and end at line boundaries, so each piece can be parsed on its
// own thread: a newline byte (0x0A) never occurs inside a UTF-8 character, so every piece holds whole lines.
import { open } from 'node:fs/promises';
import type { ByteRange } from './read-rows.js';

const PROBE_BYTES = 64 * 1024;

/** About `count` ranges covering [0, size): each cut moves forward to just after the next newline. */
export async function splitAtNewlines(path: string, size: number, count: number): Promise<ByteRange[]> {
  if (count <= 1 || size === 0) return [{ start: 0, end: size }];
  const handle = await open(path, 'r');
  try {
    const cuts = [0];
    const probe = Buffer.allocUnsafe(PROBE_BYTES);
    for (let k = 1; k < count; k++) {
      let at = Math.max(Math.floor((size * k) / count), cuts.at(-1)!);
      let cut = -1;
      while (at < size && cut === -1) {
        const { bytesRead } = await handle.read(probe, 0, PROBE_BYTES, at);
        if (bytesRead === 0) break;
        const newline = probe.subarray(0, bytesRead).indexOf(10);
        if (newline === -1) at += bytesRead;
        else cut = at + newline + 1;
      }
      if (cut === -1 || cut >= size) break;
      if (cut > cuts.at(-1)!) cuts.push(cut);
    }
    cuts.push(size);
    const ranges: ByteRange[] = [];
    for (let i = 0; i + 1 < cuts.length; i++) ranges.push({ start: cuts[i]!, end: cuts[i + 1]! });
    return ranges;
  } finally {
    await handle.close();
  }
}
