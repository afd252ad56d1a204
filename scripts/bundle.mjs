// Writes the two single-file CJS bundles that bin/graced and bin/gracectl run.
// CJS, not ESM: cli-table3 requires modules dynamically, which ESM bundles break.
import { build } from "esbuild";

const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  logLevel: "warning",
  legalComments: "none",
  // koffi ships a native binary; it is loaded from node_modules at run time.
  external: ["koffi"],
};

await Promise.all([
  build({ ...common, entryPoints: ["packages/daemon/dist/main.js"], outfile: "packages/daemon/bundle/graced.cjs" }),
  build({ ...common, entryPoints: ["packages/ctl/dist/main.js"], outfile: "packages/ctl/bundle/gracectl.cjs" }),
]);
