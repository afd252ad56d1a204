import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root, from test/dist/helpers/. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
export const GRACED = resolve(ROOT, "bin/graced");
export const GRACECTL = resolve(ROOT, "bin/gracectl");
export const FIXTURES = resolve(ROOT, "test/fixtures");
export const fixture = (name: string) => resolve(FIXTURES, name);
