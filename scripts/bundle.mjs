// Writes the single-file CJS bundles that bin/graced and bin/gracectl run.
// CJS, not ESM: cli-table3 requires modules dynamically, which ESM bundles break.
import { spawnSync } from "node:child_process";
import { build } from "esbuild";

const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  logLevel: "warning",
  legalComments: "none",
  // whitespace only: less to read and compile at every start, names and stack traces intact
  minifyWhitespace: true,
  // koffi ships a native binary; it is loaded from node_modules at run time.
  external: ["koffi"],
  // import() of the external becomes require(): no ESM loader start-up in a CJS bundle (for
  // graced: 1.5 MB of idle RSS, and the thread pool stays unstarted until a file is written)
  supported: { "dynamic-import": false },
};

/**
 * gracectl in three files, each evaluated only when needed. gracectl.cjs is the quick path:
 * `status` and `health` without commander or json-rpc-2.0, which traps and health probes run
 * every few seconds (SPEC §8, issue 14: within 15 ms of `node -e 0`); gracectl-cli.cjs is the
 * whole CLI; gracectl-tty.cjs the terminal renderers (cli-table3, chalk), required only when a
 * terminal shows a table or colours. bin/gracectl loads the last two with their V8 code caches.
 */
const apart = (filter, file) => ({
  name: `apart-${file}`,
  setup(b) {
    b.onResolve({ filter }, () => ({ path: `./${file}`, external: true }));
  },
});
const ttyApart = apart(/\/render\/tty\.js$/, "gracectl-tty.cjs");
const cliApart = apart(/\/cli\.js$/, "gracectl-cli.cjs");
const ctl = (entry, outfile, plugins) =>
  build({ ...common, entryPoints: [`packages/ctl/dist/${entry}`], outfile: `packages/ctl/bundle/${outfile}`, plugins });

await Promise.all([
  build({ ...common, entryPoints: ["packages/daemon/dist/main.js"], outfile: "packages/daemon/bundle/graced.cjs" }),
  ctl("main.js", "gracectl.cjs", [cliApart, ttyApart]),
  ctl("cli.js", "gracectl-cli.cjs", [ttyApart]),
  ctl("render/tty.js", "gracectl-tty.cjs", []),
]);

// gracectl's V8 code caches for its two big bundles: run the CLI once (its help: program
// construction and parsing, the bulk of every start of the whole CLI) and keep what V8 compiled,
// for bin/gracectl to reuse. (The quick path's bundle is compiled at each start: it is small.)
spawnSync(process.execPath, ["bin/gracectl", "--help"], { env: { ...process.env, GRACECTL_WRITE_CODE_CACHE: "1" }, stdio: "ignore" });
