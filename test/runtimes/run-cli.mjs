// Entry for runtimes with a command line (Node, Bun, Deno): the environment comes as the last argument.
import { runChecks } from "./consumer-check.mjs";

const arg = globalThis.Deno ? globalThis.Deno.args.at(-1) : globalThis.process.argv.at(-1);
console.log(JSON.stringify(await runChecks(JSON.parse(arg))));
