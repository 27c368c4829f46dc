/**
 * The CLI's one way out: every line it prints, on stdout or stderr, table or JSON or error,
 * passes through here and loses the secrets the command was given (the API key, custom header
 * values) before it reaches the terminal. Commands register a secret the moment they read it.
 */
import { inspect } from "node:util";
import { redact } from "../internal/redact.js";

export class Output {
  private readonly secrets = new Set<string>();

  /** A string never to print, as given and trimmed (an env file's trailing space). */
  secret(value: string | undefined): void {
    if (!value) return;
    this.secrets.add(value);
    if (value.trim() !== value && value.trim() !== "") this.secrets.add(value.trim());
  }

  /** What `text` becomes on the terminal. */
  clean(text: string): string {
    // Longest first, so a secret holding another is redacted whole.
    return redact(
      text,
      [...this.secrets].sort((a, b) => b.length - a.length),
    );
  }

  /** One or more lines on stdout. */
  out(text: string): void {
    console.log(this.clean(text));
  }

  /** One or more lines on stderr; anything not a string (an error under --debug) is inspected first. */
  err(text: unknown): void {
    console.error(this.clean(typeof text === "string" ? text : inspect(text, { depth: 8 })));
  }
}

/**
 * The process's writer. `partoo` runs one command per process; in tests, secrets registered by
 * one command stay registered for the next, which only ever redacts more.
 */
export const output = new Output();
