/** One satisfiable byte range, inclusive. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Parses an HTTP Range header against a file size. Returns undefined when the header is absent
 * or not a bytes range (serve the whole file), 'unsatisfiable' when no range fits (416).
 */
export function parseRange(header: string | undefined, size: number): ByteRange[] | 'unsatisfiable' | undefined {
  if (!header) return undefined;
  const match = /^bytes=(.+)$/.exec(header.trim());
  if (!match) return undefined;
  const ranges: ByteRange[] = [];
  for (const part of match[1]!.split(',')) {
    const spec = /^\s*(\d*)-(\d*)\s*$/.exec(part);
    if (!spec || (spec[1] === '' && spec[2] === '')) return undefined;
    let start: number;
    let end: number;
    if (spec[1] === '') {
      // "-N": the last N bytes.
      const suffix = Number(spec[2]);
      if (suffix === 0) continue;
      start = Math.max(0, size - suffix);
      end = size - 1;
    } else {
      start = Number(spec[1]);
      end = spec[2] === '' ? size - 1 : Math.min(Number(spec[2]), size - 1);
    }
    if (start > end || start >= size) continue;
    ranges.push({ start, end });
  }
  return ranges.length ? ranges : 'unsatisfiable';
}
