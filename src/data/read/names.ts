/**
 * Column names from a header row. Convention (as data.table::fread): an empty name becomes `V<j>` (1-based
 * position) and a repeated name gets `_2`, `_3`... appended; each renaming is reported through `onNote`.
 */
export function fixNames(raw: string[], onNote?: (m: string) => void): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (let j = 0; j < raw.length; j++) {
    let name = raw[j]!;
    if (name === '') {
      name = `V${j + 1}`;
      onNote?.(`column ${j + 1} has an empty name in the header; it was named "${name}".`);
    }
    if (seen.has(name)) {
      let k = 2;
      while (seen.has(`${name}_${k}`) || raw.includes(`${name}_${k}`)) k++;
      onNote?.(`column ${j + 1} repeats the name "${name}"; it was renamed "${name}_${k}".`);
      name = `${name}_${k}`;
    }
    seen.add(name);
    out.push(name);
  }
  return out;
}
