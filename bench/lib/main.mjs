// Shared bits of the bench scripts: whether a module runs as the script, and waiting.
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** True when the module at `url` was started as `node bench/x.mjs`, false when imported. */
export const isMain = (url) => process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(url);

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
