#!/usr/bin/env node
/**
 * The `partoo` command: `partoo sandbox`, `partoo trigger`, `partoo webhooks`. Exit 0 done, 1 the
 * command ran and failed, 2 a mistake in how it was called. No stack trace unless --debug.
 */
import { CommandFailed, UsageError } from "./args.js";
import { SANDBOX_HELP, sandboxCommand } from "./sandbox-command.js";
import { TRIGGER_HELP, triggerCommand } from "./trigger-command.js";
import { WEBHOOKS_HELP, webhooksCommand } from "./webhooks-command.js";

const HELP = `Usage: partoo <command> [options]

Commands:
  sandbox     serve the embedded Partoo sandbox on loopback (base URL, API keys, signing key)
  trigger     send one signed sample delivery of an event type to your receiver
  webhooks    list, get, create or try out webhook configurations (key in PARTOO_API_KEY)

Run \`partoo <command> --help\` for a command's options. --debug shows stack traces.`;

const COMMANDS: Record<string, { run: (args: string[]) => Promise<number>; help: string }> = {
  sandbox: { run: sandboxCommand, help: SANDBOX_HELP },
  trigger: { run: triggerCommand, help: TRIGGER_HELP },
  webhooks: { run: webhooksCommand, help: WEBHOOKS_HELP },
};

async function main(argv: string[]): Promise<number> {
  const args = argv.filter((a) => a !== "--debug");
  const [name, ...rest] = args;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    console.log(HELP);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command)
    throw new UsageError(`partoo: unknown command ${JSON.stringify(name)}: one of ${Object.keys(COMMANDS).join(", ")}`);
  return command.run(rest);
}

const debug = process.argv.includes("--debug");
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: Error) => {
    if (debug) console.error(error);
    else if (error instanceof UsageError || error instanceof CommandFailed) console.error(error.message);
    else console.error(`partoo: ${error.message.split("\n")[0]} (run with --debug for details)`);
    process.exitCode = error instanceof CommandFailed ? 1 : 2;
  },
);
