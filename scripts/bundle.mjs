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
 * gracectl's terminal renderers (cli-table3, chalk) go to a second file that the main bundle
 * requires only when a terminal shows a table or colours: `gracectl status` in a script or a
 * trap never compiles them (SPEC §8: status within 15 ms of `node -e 0`).
 */
const ttyApart = {
  name: "tty-apart",
  setup(b) {
    b.onResolve({ filter: /\/render\/tty\.js$/ }, () => ({ path: "./gracectl-tty.cjs", external: true }));
  },
};

await Promise.all([
  build({ ...common, entryPoints: ["packages/daemon/dist/main.js"], outfile: "packages/daemon/bundle/graced.cjs" }),
  build({
    ...common,
    entryPoints: ["packages/ctl/dist/main.js"],
    outfile: "packages/ctl/bundle/gracectl.cjs",
    plugins: [ttyApart],
  }),
  build({ ...common, entryPoints: ["packages/ctl/dist/render/tty.js"], outfile: "packages/ctl/bundle/gracectl-tty.cjs" }),
]);

// gracectl's V8 code cache: run the CLI once (its help: program construction and parsing,
// the bulk of every start) and keep what V8 compiled, for bin/gracectl to reuse.
spawnSync(process.execPath, ["bin/gracectl", "--help"], { env: { ...process.env, GRACECTL_WRITE_CODE_CACHE: "1" }, stdio: "ignore" });
