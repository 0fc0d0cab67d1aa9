// A stream of `size` pseudo-random bytes in 1 MiB chunks, never all in memory: storage tests
// and the streaming benchmark push it through the drivers.
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';

export function generatedBytes(size: number): Readable {
  const chunk = randomBytes(1024 * 1024);
  let left = size;
  return new Readable({
    read() {
      if (left <= 0) return void this.push(null);
      const n = Math.min(left, chunk.length);
      left -= n;
      this.push(chunk.subarray(0, n));
    },
  });
}
