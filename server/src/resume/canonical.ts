/** Deeper than any room state: a hostile offer nested past this is refused, not recursed into. */
const MAX_DEPTH = 24;

/**
 * JSON with every object's keys sorted, so the server's own state and a device's replica of it
 * give the same bytes whatever order their keys were made in. `undefined` members are left out,
 * as JSON.stringify does. Null for what JSON cannot carry faithfully or nests too deep.
 */
export function canonicalJson(value: unknown): string | null {
  const parts: string[] = [];
  return write(value, 0, parts) ? parts.join('') : null;
}

function write(value: unknown, depth: number, out: string[]): boolean {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') {
    out.push(JSON.stringify(value));
    return true;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return false;
    out.push(JSON.stringify(value));
    return true;
  }
  if (typeof value !== 'object' || depth >= MAX_DEPTH) return false;
  if (Array.isArray(value)) {
    out.push('[');
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out.push(',');
      if (!write(value[i] === undefined ? null : value[i], depth + 1, out)) return false;
    }
    out.push(']');
    return true;
  }
  out.push('{');
  let first = true;
  for (const key of Object.keys(value).sort()) {
    const member = (value as Record<string, unknown>)[key];
    if (member === undefined) continue;
    out.push(first ? '' : ',', JSON.stringify(key), ':');
    first = false;
    if (!write(member, depth + 1, out)) return false;
  }
  out.push('}');
  return true;
}
