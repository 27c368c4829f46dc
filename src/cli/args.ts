import { closest } from "../internal/option-names.js";

/** A mistake in how a command was called: one line, exit 2, no stack trace. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** What a command did wrong at run time (an API error, an unreachable receiver): exit 1. */
export class CommandFailed extends Error {
  override name = "CommandFailed";
}

/**
 * Runs a node:util parseArgs call, turning its errors into one-line usage errors naming the
 * command. Each command calls parseArgs itself, so its flags keep their exact types.
 */
export function explained<T>(command: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    const message = (error as Error).message.replace(/\. To specify a positional argument.*$/s, "").split("\n")[0];
    throw new UsageError(`${command}: ${message} (see ${command} --help)`);
  }
}

/** A whole number within [min, max], or a usage error naming the flag. */
export function integerFlag(
  command: string,
  flag: string,
  raw: string | undefined,
  min: number,
  max: number,
): number | undefined {
  return wholeNumber(command, `--${flag}`, raw, min, max);
}

/**
 * A whole number within [min, max], or a usage error naming what was given as the user typed it:
 * `--page` for a flag, `<id>` for a positional argument.
 */
export function wholeNumber(
  command: string,
  name: string,
  raw: string | undefined,
  min: number,
  max: number,
): number | undefined {
  if (raw === undefined) return undefined;
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= min && value <= max)) {
    throw new UsageError(
      `${command}: ${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}`,
    );
  }
  return value;
}

/** Refuses two flags given together that say contradictory things (`--env` and `--base-url`). */
export function exclusive(command: string, values: Record<string, unknown>, a: string, b: string): void {
  if (values[a] !== undefined && values[b] !== undefined) {
    throw new UsageError(`${command}: --${a} and --${b} cannot be used together (give one)`);
  }
}

/** `1 webhook`, `2 webhooks`, `0 webhooks`. */
export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/**
 * A usage error for a word the command does not know, with the nearest one when it is close:
 * `partoo webhooks: unknown subcommand "lst" (did you mean "list"?)`, else the list of known ones.
 */
export function unknownWord(command: string, kind: string, word: string, known: readonly string[]): UsageError {
  const near = closest(word, known);
  return new UsageError(
    `${command}: unknown ${kind} ${JSON.stringify(word)}${near === undefined ? `: one of ${known.join(", ")}` : ` (did you mean ${JSON.stringify(near)}?)`}`,
  );
}
