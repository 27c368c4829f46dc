/**
 * What `partoo <command>` does, apart from the process it runs in: pick the command, run it, and
 * turn a failure into its line and exit code. main.ts is only the bin around it, so tests drive
 * the real thing in-process. Everything printed goes through `output` (see output.ts).
 */
import { readFileSync } from "node:fs";
import { CommandFailed, UsageError, unknownWord } from "./args.js";
import { contractsCommand } from "./contracts-command.js";
import { output } from "./output.js";
import { sandboxCommand } from "./sandbox-command.js";
import { triggerCommand } from "./trigger-command.js";
import { webhooksCommand } from "./webhooks-command.js";

export const HELP = `Usage: partoo <command> [options]

Commands:
  contracts   check an API (default: the embedded sandbox) against the spec: exit 0, 1 or 2
  sandbox     serve the embedded Partoo sandbox on loopback (base URL, API keys, signing key)
  trigger     send one signed sample delivery of an event type to your receiver
  webhooks    list, get, create or try out webhook configurations (key in PARTOO_API_KEY)

Run \`partoo <command> --help\` for a command's options. --version prints the version, --debug
shows stack traces.`;

/** Each command prints its own --help: this only picks one by name. */
const COMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  contracts: contractsCommand,
  sandbox: sandboxCommand,
  trigger: triggerCommand,
  webhooks: webhooksCommand,
};

/**
 * This package's version, from the nearest package.json named partoo-client above this file
 * (src/cli/ when run through tsx, dist/src/cli/ when installed: the depth differs).
 */
export function packageVersion(): string {
  for (let up = 1; up <= 4; up++) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(`${"../".repeat(up)}package.json`, import.meta.url), "utf8"));
      if (pkg.name === "partoo-client") return String(pkg.version);
    } catch {
      // not at this depth
    }
  }
  return "unknown";
}

/** Runs the command `argv` names (without node and the script); resolves to the exit code. */
export async function runPartoo(argv: string[]): Promise<number> {
  const args = argv.filter((a) => a !== "--debug");
  const [name, ...rest] = args;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    output.out(HELP);
    return name === undefined ? 2 : 0;
  }
  if (name === "--version" || name === "-v") {
    output.out(`partoo ${packageVersion()}`);
    return 0;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) throw unknownWord("partoo", "command", name, Object.keys(COMMANDS));
  return command(rest);
}

/**
 * Says why a command failed on stderr and gives its exit code: 1 when it ran and failed, 2 for a
 * mistake in how it was called (and anything unexpected). Its own message for the first two; one
 * line for anything else, unless `debug`.
 */
export function reportFailure(error: Error, debug: boolean): number {
  if (debug) output.err(error);
  else if (error instanceof UsageError || error instanceof CommandFailed) output.err(error.message);
  else output.err(`partoo: ${error.message.split("\n")[0]} (run with --debug for details)`);
  return error instanceof CommandFailed ? 1 : 2;
}
