/**
 * Docs that are executed: every ```ts block of README.md and docs/**\/*.md, typechecked in one
 * strict program against the built package and run as its own ESM program.
 *
 * - The package is built (tsconfig.build.json) into `<tmp>/node_modules/partoo-client/dist` next to
 *   a copy of package.json, its dependencies linked beside it, so `import "partoo-client/testing"`
 *   resolves through the real exports map and the emitted declarations, as in a user's project.
 * - ```ts blocks run with `node --enable-source-maps` and a preload that records, for every
 *   `console.log`, the block line it was called from and what it printed; ```ts no-run blocks (the
 *   real Partoo API) are only typechecked.
 * - `console.log(…); // → text` asserts what that call prints; `// → more` lines directly below it
 *   assert the following lines of the same output; `…` in the text stands for any characters.
 * - Blocks start their own sandbox: the preload refuses connections beyond loopback.
 */
import { execFile } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { promisify } from "node:util";
import { lexer, type Token, type Tokens, walkTokens } from "marked";
import ts from "typescript";

export const ROOT = resolve(import.meta.dirname, "../..");
const RUN_TIMEOUT_MS = 60_000;

export interface Expectation {
  /** 1-based line of the `console.log` within the block. */
  line: number;
  lines: string[];
}

export interface DocBlock {
  /** Relative to the repository, e.g. `docs/client.md`. */
  file: string;
  /** 1-based line of the block's first code line in the Markdown file. */
  startLine: number;
  code: string;
  run: boolean;
  expectations: Expectation[];
  /** Mistakes in the block's own conventions (an arrow comment with no console.log). */
  problems: string[];
}

/** The Markdown files whose ts blocks are executed: README.md and everything under docs/. */
export function docFiles(root = ROOT): string[] {
  const files = ["README.md"];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".md")) files.push(path);
    }
  };
  try {
    walk("docs");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
  return files;
}

const ARROW_AFTER_LOG = /console\.log\(.*\/\/ → (.*)$/;
const ARROW_ALONE = /^\s*\/\/ → ?(.*)$/;

/** Reads the `// → text` output comments of one block. */
export function expectationsOf(code: string): { expectations: Expectation[]; problems: string[] } {
  const lines = code.split("\n");
  const expectations: Expectation[] = [];
  const problems: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i] ?? "";
    const first = ARROW_AFTER_LOG.exec(text);
    if (first) {
      const expected = { line: i + 1, lines: [first[1] ?? ""] };
      while (i + 1 < lines.length && ARROW_ALONE.test(lines[i + 1] ?? "")) {
        expected.lines.push(ARROW_ALONE.exec(lines[i + 1] ?? "")?.[1] ?? "");
        i++;
      }
      expectations.push(expected);
    } else if (text.includes("// →")) {
      problems.push(`line ${i + 1}: "// →" asserts output only after a console.log(…) on its line, or below one`);
    }
  }
  return { expectations, problems };
}

/** Every ts block of one Markdown file, parsed with marked's lexer. */
export function blocksOf(file: string, source: string): DocBlock[] {
  const codes: Tokens.Code[] = [];
  walkTokens(lexer(source) as Token[], (token) => {
    if (token.type === "code" && (token as Tokens.Code).codeBlockStyle !== "indented") codes.push(token as Tokens.Code);
  });
  const blocks: DocBlock[] = [];
  let cursor = 0;
  for (const token of codes) {
    const info = (token.lang ?? "").trim().split(/\s+/);
    const at = source.indexOf(token.raw, cursor);
    if (at >= 0) cursor = at + token.raw.length;
    if (info[0] !== "ts" && info[0] !== "typescript") continue;
    const startLine = at < 0 ? 0 : source.slice(0, at).split("\n").length + 1;
    const flags = info.slice(1);
    const { expectations, problems } = expectationsOf(token.text);
    for (const flag of flags) if (flag !== "no-run") problems.push(`unknown fence flag "${flag}" (only "no-run")`);
    if (flags.includes("no-run") && expectations.length > 0)
      problems.push(`a no-run block is never run, so its "// →" comments cannot be checked`);
    blocks.push({ file, startLine, code: token.text, run: !flags.includes("no-run"), expectations, problems });
  }
  return blocks;
}

export function collectBlocks(root = ROOT): DocBlock[] {
  return docFiles(root).flatMap((file) => blocksOf(file, readFileSync(join(root, file), "utf8")));
}

/** `README.md:57` for line `line` (1-based) of a block. */
export const where = (block: DocBlock, line = 1): string => `${block.file}:${block.startLine + line - 1}`;

const moduleName = (block: DocBlock): string =>
  `${block.file.replace(/\.md$/, "").replace(/[^A-Za-z0-9]+/g, "_")}_L${block.startLine}`;

/** Builds the package into a fresh folder laid out as a user's project; returns that folder. */
export async function buildWorkspace(root = ROOT): Promise<string> {
  // Outside the repository: tools that copy the repository (drift's staged write) never see it.
  const work = mkdtempSync(join(tmpdir(), "partoo-docs-"));
  const pkg = join(work, "node_modules/partoo-client");
  mkdirSync(pkg, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
    dependencies?: Record<string, string>;
  };
  cpSync(join(root, "package.json"), join(pkg, "package.json"));
  // The package's dependencies beside it, as npm would install them (the repository's copies), and
  // what the blocks themselves import (a user's own express, msw…) with its @types when it has them.
  const imported = collectBlocks(root).flatMap((block) =>
    [...block.code.matchAll(/from\s+"((?:@[^/"]+\/)?[^./"][^/"]*)/g)].map((m) => m[1] ?? ""),
  );
  const linked = new Set([...Object.keys(manifest.dependencies ?? {}), ...imported]);
  linked.delete("partoo-client");
  for (const name of [...linked]) if (!name.startsWith("@")) linked.add(`@types/${name}`);
  for (const name of linked) {
    if (name.startsWith("node:") || !existsSync(join(root, "node_modules", name))) continue;
    mkdirSync(dirname(join(work, "node_modules", name)), { recursive: true });
    symlinkSync(join(root, "node_modules", name), join(work, "node_modules", name), "dir");
  }
  await promisify(execFile)(
    process.execPath,
    [
      join(root, "node_modules/typescript/bin/tsc"),
      "-p",
      join(root, "tsconfig.build.json"),
      "--outDir",
      join(pkg, "dist"),
    ],
    { cwd: root },
  );
  writeFileSync(join(work, "package.json"), JSON.stringify({ name: "docs-blocks", private: true, type: "module" }));
  writeFileSync(join(work, "preload.mjs"), PRELOAD);
  return work;
}

export const removeWorkspace = (work: string): void => rmSync(work, { recursive: true, force: true });

/**
 * Typechecks every block in one program with the repository's compiler options (strict) and
 * emits them to `<work>/out`; returns one message per diagnostic, located in the Markdown.
 */
export function typecheckBlocks(work: string, blocks: readonly DocBlock[], root = ROOT): string[] {
  const config = ts.readConfigFile(join(root, "tsconfig.json"), ts.sys.readFile);
  const { options } = ts.convertCompilerOptionsFromJson(config.config.compilerOptions, root);
  const dir = join(work, "blocks");
  mkdirSync(dir, { recursive: true });
  const byFile = new Map<string, DocBlock>();
  for (const block of blocks) {
    const file = join(dir, `${moduleName(block)}.ts`);
    // A block with no import is still a module (top-level await); appended, so lines do not move.
    writeFileSync(file, `${block.code}\nexport {};\n`);
    byFile.set(file, block);
  }
  const program = ts.createProgram([...byFile.keys()], {
    ...options,
    noEmit: false,
    rootDir: dir,
    outDir: join(work, "out"),
    inlineSourceMap: true,
    inlineSources: true,
    typeRoots: [join(root, "node_modules/@types")],
  });
  const diagnostics = [...ts.getPreEmitDiagnostics(program), ...program.emit().diagnostics];
  return diagnostics.map((d) => {
    const text = ts.flattenDiagnosticMessageText(d.messageText, "\n").split("\n")[0];
    const block = d.file ? byFile.get(resolve(d.file.fileName)) : undefined;
    if (!d.file || d.start === undefined || !block) return `TS${d.code}: ${text}`;
    const { line } = d.file.getLineAndCharacterOfPosition(d.start);
    return `${where(block, line + 1)}: TS${d.code}: ${text}`;
  });
}

interface Printed {
  line: number;
  text: string;
}

/** Runs one emitted block; returns what went wrong (empty when it exited 0 and printed as its comments say). */
export async function runBlock(work: string, block: DocBlock): Promise<string[]> {
  const log = join(work, `${moduleName(block)}.log.jsonl`);
  writeFileSync(log, "");
  const name = moduleName(block);
  let failure: string | undefined;
  try {
    await promisify(execFile)(
      process.execPath,
      ["--enable-source-maps", "--import", "./preload.mjs", `out/${name}.js`],
      {
        cwd: work,
        env: { ...process.env, DOCS_BLOCK_LOG: log, DOCS_BLOCK_FILE: `${name}.ts`, NODE_OPTIONS: "" },
        timeout: RUN_TIMEOUT_MS,
        killSignal: "SIGKILL",
        maxBuffer: 16 * 1024 * 1024,
      },
    );
  } catch (e) {
    const err = e as { killed?: boolean; code?: number | string; stderr?: string };
    const stderr = (err.stderr ?? "").trim().split("\n").slice(0, 6).join("\n    ");
    failure = err.killed
      ? `${where(block)}: did not exit within ${RUN_TIMEOUT_MS / 1000} s (a sandbox or server left open?)`
      : `${where(block)}: exited with ${err.code}:\n    ${stderr}`;
  }
  const printed: Printed[] = readFileSync(log, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Printed);
  const problems = failure ? [failure] : [];
  for (const expected of block.expectations) {
    const calls = printed.filter((p) => p.line === expected.line);
    if (calls.length === 0) {
      if (!failure) problems.push(`${where(block, expected.line)}: this console.log never ran`);
      continue;
    }
    for (const call of calls) {
      const mismatch = compareOutput(expected.lines, call.text);
      if (mismatch) problems.push(`${where(block, expected.line)}: ${mismatch}`);
    }
  }
  return problems;
}

const pattern = (expected: string): RegExp =>
  new RegExp(
    `^${expected
      .split("…")
      .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
      .join("[^]*")}$`,
  );

/** Undefined when `printed` matches the expected lines (`…` matches anything), else what differs. */
export function compareOutput(expected: readonly string[], printed: string): string | undefined {
  const got = printed.split("\n");
  const lineCount = got.length === expected.length;
  const firstBad = expected.findIndex((e, i) => got[i] === undefined || !pattern(e).test(got[i] ?? ""));
  if (lineCount && firstBad < 0) return undefined;
  const shown = got.map((l) => `      ${l}`).join("\n");
  return `printed (${got.length} line${got.length === 1 ? "" : "s"}, comment says ${expected.length}):\n${shown}\n    expected:\n${expected.map((l) => `      ${l}`).join("\n")}`;
}

/** What a block runs with: console.log recorded by call line; no connection beyond loopback. */
const PRELOAD = `import { appendFileSync } from "node:fs";
import net from "node:net";
import { format } from "node:util";

const log = process.env.DOCS_BLOCK_LOG;
const file = process.env.DOCS_BLOCK_FILE;
const original = console.log.bind(console);
console.log = (...args) => {
  const stack = new Error().stack ?? "";
  const frame = stack.split("\\n").slice(2).find((l) => l.includes(file));
  const line = frame ? Number(/:(\\d+):\\d+\\)?$/.exec(frame)?.[1]) : 0;
  appendFileSync(log, JSON.stringify({ line, text: format(...args) }) + "\\n");
  original(...args);
};

const loopback = new Set(["127.0.0.1", "::1", "localhost", "[::1]"]);
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  const host = typeof first === "object" && first !== null ? first.host : typeof first === "number" || /^\\d+$/.test(String(first)) ? args[1] : undefined;
  if (typeof first === "object" && first !== null && first.path !== undefined) return connect.apply(this, args);
  if (host !== undefined && typeof host === "string" && !loopback.has(host)) {
    throw new Error("docs blocks may not reach the network (" + host + "): start the embedded sandbox with startSandbox(), or fence the block as ts no-run");
  }
  return connect.apply(this, args);
};
`;
