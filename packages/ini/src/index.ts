export * from "./comments.js";
export * from "./diagnostics.js";
export * from "./expand.js";
export * from "./parse.js";
