/**
 * `partoo contracts`: the contract suite is its own entry (dist/contracts/cli.js, built from
 * contracts/ by scripts/build-contracts.ts), found beside this file at run time rather than
 * imported: `src/` never depends on `contracts/`, and a user of the client who never runs the
 * suite never loads it.
 */

interface ContractsEntry {
  runContracts(
    argv: string[],
    io: { env: NodeJS.ProcessEnv; stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
  ): Promise<number>;
}

/** dist/src/cli/ → dist/contracts/cli.js in the package; src/cli/ → contracts/cli.ts under tsx in a clone. */
const ENTRIES = ["../../contracts/cli.js", "../../contracts/cli.ts"];

export async function contractsCommand(args: string[]): Promise<number> {
  let entry: ContractsEntry | undefined;
  for (const path of ENTRIES) {
    try {
      entry = (await import(new URL(path, import.meta.url).href)) as ContractsEntry;
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ERR_MODULE_NOT_FOUND") throw error;
    }
  }
  if (!entry) throw new Error("the contract suite is not in this installation (dist/contracts/cli.js is missing)");
  return entry.runContracts(args, { env: process.env, stdout: process.stdout, stderr: process.stderr });
}
