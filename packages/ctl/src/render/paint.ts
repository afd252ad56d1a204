import type { StateName } from "@grace/protocol";
import { Chalk } from "chalk";
import type { Paint } from "./status.js";

/** Loaded lazily (it pulls in chalk): only output that is coloured needs it. */
const COLOURS: Record<StateName, "green" | "yellow" | "red" | "gray"> = {
  RUNNING: "green",
  STARTING: "yellow",
  STOPPING: "yellow",
  BACKOFF: "yellow",
  EXITED: "red",
  FATAL: "red",
  UNKNOWN: "red",
  STOPPED: "gray",
};

/** Basic 16-colour codes: every terminal has them, and the output is the same everywhere. */
const chalk = new Chalk({ level: 1 });

export const paintState: Paint = (state, text) => chalk[COLOURS[state]](text);
