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
  if (raw === undefined) return undefined;
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= min && value <= max)) {
    throw new UsageError(
      `${command}: --${flag} must be a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}`,
    );
  }
  return value;
}
