#!/usr/bin/env node
/**
 * The `partoo` command: `partoo sandbox`, `partoo trigger`, `partoo webhooks`. Exit 0 done, 1 the
 * command ran and failed, 2 a mistake in how it was called. No stack trace unless --debug.
 */
import { reportFailure, runPartoo } from "./dispatch.js";

runPartoo(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: Error) => {
    process.exitCode = reportFailure(error, process.argv.includes("--debug"));
  },
);
