/**
 * What `partoo <command>` does, apart from the process it runs in: pick the command, run it, and
 * turn a failure into its one line and exit code. main.ts is only the bin around it, so tests
 * drive the real thing in-process.
 */
import { CommandFailed, UsageError } from "./args.js";
import { contractsCommand } from "./contracts-command.js";
import { sandboxCommand } from "./sandbox-command.js";
import { triggerCommand } from "./trigger-command.js";
import { webhooksCommand } from "./webhooks-command.js";

export const HELP = `Usage: partoo <command> [options]

Commands:
  contracts   check an API (default: the embedded sandbox) against the spec: exit 0, 1 or 2
  sandbox     serve the embedded Partoo sandbox on loopback (base URL, API keys, signing key)
  trigger     send one signed sample delivery of an event type to your receiver
  webhooks    list, get, create or try out webhook configurations (key in PARTOO_API_KEY)

Run \`partoo <command> --help\` for a command's options. --debug shows stack traces.`;

/** Each command prints its own --help: this only picks one by name. */
const COMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  contracts: contractsCommand,
  sandbox: sandboxCommand,
  trigger: triggerCommand,
  webhooks: webhooksCommand,
};

/** Runs the command `argv` names (without node and the script); resolves to the exit code. */
export async function runPartoo(argv: string[]): Promise<number> {
  const args = argv.filter((a) => a !== "--debug");
  const [name, ...rest] = args;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    console.log(HELP);
    return name === undefined ? 2 : 0;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command)
    throw new UsageError(`partoo: unknown command ${JSON.stringify(name)}: one of ${Object.keys(COMMANDS).join(", ")}`);
  return command(rest);
}

/**
 * Says why a command failed on stderr and gives its exit code: 1 when it ran and failed, 2 for a
 * mistake in how it was called (and anything unexpected). One line unless `debug`.
 */
export function reportFailure(error: Error, debug: boolean): number {
  if (debug) console.error(error);
  else if (error instanceof UsageError || error instanceof CommandFailed) console.error(error.message);
  else console.error(`partoo: ${error.message.split("\n")[0]} (run with --debug for details)`);
  return error instanceof CommandFailed ? 1 : 2;
}
