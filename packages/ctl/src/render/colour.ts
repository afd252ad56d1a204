import type { StateName } from "@grace/protocol";
import type { Paint } from "./status.js";

/** Colour is on for a terminal unless NO_COLOR or --no-color; FORCE_COLOR turns it on anywhere. */
export function colourEnabled(env: Record<string, string | undefined>, isTTY: boolean, noColorFlag: boolean): boolean {
  if (noColorFlag) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== "0" && env.FORCE_COLOR !== "false";
  return isTTY;
}

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

export async function statePainter(enabled: boolean): Promise<Paint> {
  if (!enabled) return (_state, text) => text;
  const { Chalk } = await import("chalk");
  const chalk = new Chalk({ level: 1 });
  return (state, text) => chalk[COLOURS[state]](text);
}
