// Paths into a JSON value and copies with one place changed: what the fuzz and schema tests mutate.
export type Path = Array<string | number>;

/** Every path in a JSON value, the root included. */
export function paths(value: unknown, prefix: Path = []): Path[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  const out: Path[] = [prefix];
  for (const [k, v] of Object.entries(value))
    out.push(...paths(v, [...prefix, Array.isArray(value) ? Number(k) : k]));
  return out;
}

/** A copy of root with the value at path replaced, or removed (the root itself becomes undefined). */
export function setAt(root: unknown, path: Path, replacement: unknown, remove = false): unknown {
  if (path.length === 0) return remove ? undefined : replacement;
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (remove) delete node[last];
  else node[last] = replacement;
  return copy;
}
