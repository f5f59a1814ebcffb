/**
 * Options of `Database.open`: the pager's options plus nothing else yet.
 * Unknown keys are rejected with INVALID_ARG and, when a known option is
 * close (case or a small typo: `readonly` -> `readOnly`), a hint.
 */
import { InvalidArgError } from '../base/errors.js';
import { resolvePagerOptions, type PagerOptions, type ResolvedPagerOptions } from '../pager/options.js';

/**
 * Options of `Database.open`: the pager's options (each documented there,
 * with its default and range; docs/api.md has the table).
 */
export type DatabaseOptions = Omit<PagerOptions, 'testOnlyAckBeforeSync'>;

const KNOWN: ReadonlyArray<keyof DatabaseOptions> = [
  'createIfMissing',
  'readOnly',
  'pageSize',
  'cachePages',
  'synchronous',
  'commitCoalesceMs',
  'commitMaxFrames',
  'autocheckpointMs',
  'autocheckpointPages',
  'walPreallocateBytes',
];

/** Internal options a test may pass in addition (never documented). */
const INTERNAL = ['testOnlyAckBeforeSync'] as const;

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

export function suggestName(name: string, known: readonly string[]): string | null {
  const lower = name.toLowerCase();
  const exactCase = known.find((k) => k.toLowerCase() === lower);
  if (exactCase) return exactCase;
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = editDistance(lower, k.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = k;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(name.length / 4)) ? best : null;
}

export function resolveDatabaseOptions(options: unknown): ResolvedPagerOptions {
  if (options === undefined) return resolvePagerOptions({});
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new InvalidArgError(`options must be an object, got ${options === null ? 'null' : Array.isArray(options) ? 'an array' : typeof options}`);
  }
  for (const key of Object.keys(options)) {
    if ((KNOWN as readonly string[]).includes(key) || (INTERNAL as readonly string[]).includes(key)) continue;
    const hint = suggestName(key, KNOWN);
    throw new InvalidArgError(`unknown option ${JSON.stringify(key)}${hint ? `; did you mean "${hint}"?` : ''} (known: ${KNOWN.join(', ')})`);
  }
  return resolvePagerOptions(options as PagerOptions);
}
