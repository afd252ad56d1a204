/**
 * graced's own log: "2026-11-27 23:40:01,123 INFO message", supervisord's layout.
 */
export const LEVELS = ["trace", "debug", "info", "warn", "error", "critical"] as const;
export type Level = (typeof LEVELS)[number];

export type Logger = {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
};

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

export function formatTimestamp(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())},${pad(d.getMilliseconds(), 3)}`;
}

export function formatLine(level: Level, message: string, now: number): string {
  const tag = level === "warn" ? "WARN" : level.toUpperCase();
  return `${formatTimestamp(now)} ${tag} ${message}\n`;
}

/** supervisord accepts "warning" and "blather" too. */
export function parseLevel(name: string): Level {
  const n = name.toLowerCase();
  if (n === "warning") return "warn";
  if (n === "blather") return "trace";
  return (LEVELS as readonly string[]).includes(n) ? (n as Level) : "info";
}

export function createLogger(minimum: Level, write: (line: string) => void, now: () => number = Date.now): Logger {
  const min = LEVELS.indexOf(minimum);
  const at = (level: Level) => (message: string) => {
    if (LEVELS.indexOf(level) >= min) write(formatLine(level, message, now()));
  };
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}
