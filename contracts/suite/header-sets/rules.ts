/**
 * The CustomHeaders rules as the header generator sees them, each read from the spec's schema in
 * generated/ or asked of its own pattern, never copied: limits, the required prefix, the reserved
 * word, which characters a name may hold. HTTP's own rule (RFC 9110 tokens) is the only thing
 * written here, because it is not the spec's.
 */
import { CustomHeaders, event_type } from "../../../generated/component-schemas.js";
import { validateRequest } from "../../../src/validation.js";

/** RFC 9110 §5.6.2 `tchar`, less DIGIT and ALPHA: the punctuation an HTTP field name may hold. */
const TOKEN_PUNCTUATION = [..."!#$%&'*+-.^_`|~"];
/** Alphanumerics, lower case first: fast-check shrinks a character toward the first of its list. */
const ALPHANUMERIC = [..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"];
/** Characters no field name can hold, to ask the spec's pattern about: controls, DEL, non-ASCII. */
const NON_TOKEN_PROBES = [
  ...Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)),
  "\x7f",
  "é",
  "ß",
  "€",
  "日",
  "\u00a0",
  "😀",
];
export const PRINTABLE = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i));

export type CustomHeadersSchema = typeof CustomHeaders;

/** What the generator knows of the rules. */
export interface HeaderRules {
  maxHeaders: number;
  maxName: number;
  maxValue: number;
  pattern: RegExp;
  /** The required prefix, one list of allowed spellings per character: [["X", "x"], ["-"]]. */
  prefix: string[][];
  /** The word no name may start with after the prefix, the same way: [["P", "p"], ["A", "a"], …]. */
  reserved: string[][];
  /** Token characters the pattern allows after the prefix, alphanumerics first. */
  nameChars: string[];
  /** The punctuation among them. */
  punctuation: string[];
  /** Printable ASCII the pattern forbids. */
  forbidden: string[];
  /** Characters the pattern allows that an HTTP field name cannot hold. */
  httpUnsafe: string[];
}

/** [["X","x"],["-"]] → "X-"; a word as a word: [["P","p"],["A","a"],…] → "Pa…" */
export const spelled = (alternatives: readonly string[][]) =>
  alternatives.map((a, i) => (i === 0 ? a[0] : a[a.length - 1])).join("");

/** Reads `[Xx]-` as [["X","x"],["-"]]; undefined for anything but classes of single characters and plain characters. */
function readSequence(source: string): string[][] | undefined {
  const out: string[][] = [];
  for (const [, klass, escaped, plain] of source.matchAll(/\[([^\]^\\-]+)\]|\\(.)|([^[\\()*?+.|^$])/g)) {
    out.push(klass === undefined ? [(escaped ?? plain) as string] : [...klass]);
  }
  const rebuilt = out.map((a) => (a.length > 1 ? `[${a.join("")}]` : a[0])).join("");
  return rebuilt === source.replace(/\\(.)/g, "$1") ? out : undefined;
}

/**
 * The rules of a CustomHeaders schema (default: the spec's). Throws, saying so, when its name
 * pattern is not of the shape `^PREFIX(?!RESERVED)[^…]*$` this generator reads.
 */
export function headerRules(schema: CustomHeadersSchema = CustomHeaders): HeaderRules {
  const source = schema.propertyNames.pattern;
  const shape = /^\^(.+?)\(\?!(.+?)\)\[\^.*\]\*\$$/.exec(source);
  const prefix = shape?.[1] === undefined ? undefined : readSequence(shape[1]);
  const reserved = shape?.[2] === undefined ? undefined : readSequence(shape[2]);
  if (!prefix || !reserved) {
    throw new Error(
      `the spec's CustomHeaders name pattern ${JSON.stringify(source)} is not of the shape ^PREFIX(?!RESERVED)[^…]*$ that contracts/suite/header-sets reads`,
    );
  }
  const pattern = new RegExp(source);
  const allowed = (c: string) => pattern.test(`${spelled(prefix)}${ALPHANUMERIC[0]}${c}`);
  const nameChars = [...ALPHANUMERIC, ...TOKEN_PUNCTUATION].filter(allowed);
  return {
    maxHeaders: schema.maxProperties,
    maxName: schema.propertyNames.maxLength,
    maxValue: schema.additionalProperties.maxLength,
    pattern,
    prefix,
    reserved,
    nameChars,
    punctuation: TOKEN_PUNCTUATION.filter(allowed),
    forbidden: PRINTABLE.filter((c) => !allowed(c)),
    httpUnsafe: [...NON_TOKEN_PROBES, ...PRINTABLE.filter((c) => !nameChars.includes(c))].filter(allowed),
  };
}

/** One header as a structure fast-check can shrink: a spelling of each prefix character, the rest of the name, the value. */
export interface Entry {
  prefix: string[];
  body: string;
  value: string;
}

/** Whether `text` starts with the reserved word, in any of its spellings. */
export function startsWithReserved(text: string, rules: HeaderRules): boolean {
  const head = [...text.slice(0, rules.reserved.length)];
  return head.length === rules.reserved.length && head.every((c, i) => rules.reserved[i]?.includes(c));
}

/** A body that would start with the reserved word gets its first character replaced: a valid name never breaks that rule. */
export function clearOfReserved(body: string, rules: HeaderRules): string {
  if (!startsWithReserved(body, rules)) return body;
  return (rules.nameChars.find((c) => !rules.reserved[0]?.includes(c)) ?? "") + body.slice(1);
}

export const entryName = (e: Entry, rules: HeaderRules) => e.prefix.join("") + clearOfReserved(e.body, rules);

/** Values as HTTP carries them unchanged: no space at either end (a receiver trims it). */
export const entryValue = (e: Entry) => e.value.replace(/^ | $/g, "_");

export function headersOf(entries: readonly Entry[], rules: HeaderRules): [string, unknown][] {
  return entries.map((e) => [entryName(e, rules), entryValue(e)]);
}

/** The spec's verdict on a custom_headers object, from the compiled request validator. */
export function specErrors(headers: Record<string, unknown>) {
  const body = { items: [{ url: "https://example.com/h", event_type: event_type.enum[0], custom_headers: headers }] };
  return validateRequest({ method: "POST", path: "/webhooks/tryout", body }).errors;
}

export const isTokenName = (name: string, rules: HeaderRules) =>
  name.length > 0 && [...name].every((c) => rules.nameChars.includes(c) || rules.prefix.some((a) => a.includes(c)));
export const isHttpValue = (value: unknown) => typeof value === "string" && /^[\x20-\x7e]*$/.test(value);
export const caseUnique = (names: readonly string[]) =>
  new Set(names.map((n) => n.toLowerCase())).size === names.length;

/** Whether a set is one both the spec and HTTP allow. */
export function specAndHttpValid(headers: Record<string, unknown>, rules: HeaderRules): boolean {
  const names = Object.keys(headers);
  return (
    specErrors(headers).length === 0 &&
    caseUnique(names) &&
    names.every((n) => isTokenName(n, rules)) &&
    Object.values(headers).every(isHttpValue)
  );
}

/** Whether the spec refuses a set only for `keyword`, and only at header `broken` (undefined: the set as a whole). */
export function refusedOnlyFor(headers: Record<string, unknown>, keyword: string, broken: string | undefined): boolean {
  const errors = specErrors(headers);
  return errors.length > 0 && errors.every((e) => e.keyword === keyword && e.headerName === broken);
}
