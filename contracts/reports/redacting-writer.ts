import { mkdir, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Redactor } from "../../src/internal/redact.js";

/** Where the console goes: process.stdout/stderr, or a test's buffers. */
export interface Sink {
  write(text: string): unknown;
  isTTY?: boolean | undefined;
}

/**
 * The only way the contract suite puts text anywhere a person or a CI log can read it: console
 * lines and report files alike pass through here, redacted against every secret the run used
 * (the API key, each custom header value sent). A secret is searched as itself and as a JSON
 * pointer spells it (`/` as `~1`, `~` as `~0`), since findings name places by pointer.
 */
export class RedactingWriter {
  // One Redactor for the run: building one per line (as redact() does) sorted every secret again
  // for each console line and report string.
  private readonly redactor = new Redactor();

  constructor(
    private readonly out: Sink,
    private readonly err: Sink,
    secrets: Iterable<string> = [],
  ) {
    this.addSecrets(secrets);
  }

  /** More secrets, as the run learns them (every custom header value it sends). */
  addSecrets(secrets: Iterable<string>): void {
    for (const secret of secrets) {
      this.redactor.add(secret);
      const pointer = secret.replaceAll("~", "~0").replaceAll("/", "~1");
      if (pointer !== secret) this.redactor.add(pointer);
    }
  }

  /** Text with every spelling of every secret replaced by `[REDACTED]`. */
  text(text: string): string {
    return this.redactor.text(text);
  }

  /** A copy of plain data with every string (keys too) redacted: render reports from this. */
  data<T>(value: T): T {
    return this.redactor.deep(value);
  }

  get isTTY(): boolean {
    return this.out.isTTY === true;
  }

  /** One line on standard output. */
  line(text = ""): void {
    this.out.write(`${this.text(text)}\n`);
  }

  /** One line on standard error. */
  errorLine(text: string): void {
    this.err.write(`${this.text(text)}\n`);
  }

  /** Raw output (a TTY's progress line, rewritten in place): redacted too. */
  raw(text: string): void {
    this.out.write(this.text(text));
  }

  /** Writes a report file, redacted, through a temporary name so no reader sees half of it. */
  async file(dir: string, name: string, text: string): Promise<string> {
    const safe = this.text(text);
    await mkdir(dir, { recursive: true });
    const temporary = join(dir, `.${name}.${process.pid}.tmp`);
    await writeFile(temporary, safe);
    await rename(temporary, join(dir, name));
    return safe;
  }
}
