/**
 * The terminal-only renderers, behind one lazy import: the build puts this module (with
 * cli-table3 and chalk) in its own file, so plain and JSON runs never parse it.
 */
export { paintState } from "./paint.js";
export { renderTableStatus } from "./table.js";
