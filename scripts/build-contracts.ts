/**
 * Builds the contract suite's command into one file, dist/contracts/cli.js, for `partoo
 * contracts` from the installed package. What it takes from src/ and generated/ stays an import
 * of the package's own compiled files (dist/src, dist/generated: one copy, one set of classes);
 * the rest is bundled, so that what only the suite uses (junit-report-builder) travels inside it
 * instead of becoming a dependency of every user. `src/` never imports `contracts/`: the `partoo`
 * bin finds this file at run time (see docs/contracts-ci.md).
 */
import { relative, resolve } from "node:path";
import { build, type Plugin } from "esbuild";

const ROOT = resolve(".");

/** `../src/x.js` and `../generated/y.js` stay imports, of the tsc build beside this bundle. */
const packageFiles: Plugin = {
  name: "package-files",
  setup(b) {
    b.onResolve({ filter: /^\.\.?\// }, (args) => {
      const target = relative(ROOT, resolve(args.resolveDir, args.path));
      if (!/^(src|generated)\//.test(target)) return undefined;
      return { path: `../${target}`, external: true };
    });
  },
};

await build({
  entryPoints: ["contracts/cli.ts"],
  outfile: "dist/contracts/cli.js",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  minify: true,
  legalComments: "eof",
  plugins: [packageFiles],
  // The bundled CommonJS (junit-report-builder and its dependencies) calls require().
  banner: { js: 'import { createRequire as __cr } from "node:module"; const require = __cr(import.meta.url);' },
  logLevel: "warning",
});
