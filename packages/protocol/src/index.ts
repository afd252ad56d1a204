export * from "./errors.js";
export * from "./framing.js";
export * from "./methods.js";
export * from "./names.js";
export * from "./socket-path.js";
export * from "./socket-safety.js";
export * from "./states.js";
export * from "./types.js";
