/**
 * Run-time checks of option bags, for callers from JavaScript (or through `as any`) where the
 * types cannot stop a misspelt name. Called once per construction, never per request.
 */

/** Edit distance (insertions, deletions, substitutions), case-insensitive: "timeout" is 2 from "timeoutMs". */
function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++) {
      row[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (row[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + (x[i - 1] === y[j - 1] ? 0 : 1),
      );
    }
    previous = row;
  }
  return previous[y.length] ?? 0;
}

/**
 * The known word closest to `word` (the first of equals), when close enough to be a likely slip:
 * edits within 40% of its length (at least 2), or one word a prefix of the other ("timeout" → "timeoutMs").
 */
export function closest(word: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    const lower = candidate.toLowerCase();
    const prefix = word.length >= 3 && (lower.startsWith(word.toLowerCase()) || word.toLowerCase().startsWith(lower));
    const d = prefix ? Math.min(1, distance(word, candidate)) : distance(word, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.ceil(word.length * 0.4)) ? best : undefined;
}

/** ` (did you mean "x"?)` when one known word is close, else ` (known: a, b, c)`. */
export function suggestion(word: string, known: readonly string[]): string {
  const near = closest(word, known);
  return near === undefined ? ` (known: ${known.join(", ")})` : ` (did you mean ${JSON.stringify(near)}?)`;
}

/**
 * Refuses a property of `options` that `known` does not list, in one line naming where, the
 * name, and the nearest known one: `unknown option "timeout" (did you mean "timeoutMs"?)`.
 */
export function checkOptionNames(where: string, options: object, known: readonly string[]): void {
  for (const name of Object.keys(options)) {
    if (!known.includes(name)) {
      throw new TypeError(`${where}: unknown option ${JSON.stringify(name)}${suggestion(name, known)}`);
    }
  }
}

/** The option names of an interface, listed once and checked complete by the compiler. */
export function optionNames<T>(names: Record<keyof T, true>): readonly string[] {
  return Object.keys(names);
}
