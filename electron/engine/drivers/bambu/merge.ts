// Merge P1/A1 `push_status` deltas into the cached raw report: a key the delta omits keeps its value.
export type RawObject = Record<string, unknown>;

export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_DEPTH = 8;

export function isPlainObject(value: unknown): value is RawObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Arrays whose elements are identified by a key and must be merged element-wise, not replaced. */
const KEYED_ARRAYS: Readonly<Record<string, string>> = {
  ams: 'id', // ams.ams[] units by id ("0", "1", … "128" for AMS HT)
  tray: 'id', // ams.ams[].tray[] slots by id
  lights_report: 'node',
};

export interface MergeResult {
  /** Keys (dotted paths) whose value had the wrong shape and were ignored. */
  rejected: string[];
}

/**
 * Merge `delta` into `target` IN PLACE (the driver owns the cache; copying 20 KB per message for
 * 500 printers is wasted work). Keyed arrays merge by id; other arrays replace (hms is the full
 * active list each time). An object that arrives as a primitive (or the reverse) is rejected and
 * reported, so a hostile delta cannot wipe a whole subtree.
 */
export function mergeInto(target: RawObject, delta: RawObject, result: MergeResult = { rejected: [] }, path = '', depth = 0): MergeResult {
  if (depth > MAX_DEPTH) {
    result.rejected.push(path || '(root)');
    return result;
  }
  for (const key of Object.keys(delta)) {
    if (FORBIDDEN_KEYS.has(key)) {
      result.rejected.push(path + key);
      continue;
    }
    const incoming = delta[key];
    const current = target[key];
    const here = path + key;
    if (incoming === undefined) continue;
    if (isPlainObject(current)) {
      if (isPlainObject(incoming)) mergeInto(current, incoming, result, here + '.', depth + 1);
      else result.rejected.push(here);
      continue;
    }
    if (Array.isArray(incoming) && key in KEYED_ARRAYS) {
      target[key] = mergeKeyedArray(Array.isArray(current) ? current : [], incoming, KEYED_ARRAYS[key]!, result, here, depth);
      continue;
    }
    if (Array.isArray(current) && !Array.isArray(incoming)) {
      result.rejected.push(here);
      continue;
    }
    target[key] = isPlainObject(incoming) ? cloneSafe(incoming, depth + 1) : Array.isArray(incoming) ? cloneArray(incoming, depth + 1) : incoming;
  }
  return result;
}

function mergeKeyedArray(current: unknown[], incoming: unknown[], idKey: string, result: MergeResult, path: string, depth: number): unknown[] {
  const out = current.slice();
  for (const element of incoming) {
    if (!isPlainObject(element)) {
      result.rejected.push(`${path}[]`);
      continue;
    }
    const id = element[idKey];
    const index = id === undefined ? -1 : out.findIndex((e) => isPlainObject(e) && e[idKey] === id);
    if (index >= 0) mergeInto(out[index] as RawObject, element, result, `${path}[${String(id)}].`, depth + 1);
    else out.push(cloneSafe(element, depth + 1));
  }
  return out;
}

/** Copy without prototype-polluting keys, bounded in depth. */
export function cloneSafe(source: RawObject, depth = 0): RawObject {
  const out: RawObject = {};
  if (depth > MAX_DEPTH) return out;
  for (const key of Object.keys(source)) {
    if (FORBIDDEN_KEYS.has(key)) continue;
    const value = source[key];
    out[key] = isPlainObject(value) ? cloneSafe(value, depth + 1) : Array.isArray(value) ? cloneArray(value, depth + 1) : value;
  }
  return out;
}

function cloneArray(source: unknown[], depth: number): unknown[] {
  if (depth > MAX_DEPTH) return [];
  return source.map((v) => (isPlainObject(v) ? cloneSafe(v, depth + 1) : Array.isArray(v) ? cloneArray(v, depth + 1) : v));
}
