import type { XmlRpcValue } from "./decode.js";
import { XmlRpcFaults as F, XmlRpcFault } from "./faults.js";
import { quote } from "./xml-reader.js";

/** How a bad value reads in a fault: short, and never a 100,000-deep structure turned into text. */
function shown(v: XmlRpcValue): string {
  if (typeof v === "string") return quote(v);
  if (typeof v === "number" || typeof v === "boolean" || v === null) return String(v);
  if (Buffer.isBuffer(v)) return `${v.length} bytes`;
  if (v instanceof Date) return v.toISOString();
  return Array.isArray(v) ? "an array" : "a struct";
}

const incorrect = (what: string, v: XmlRpcValue) => new XmlRpcFault(F.INCORRECT_PARAMETERS, `${what}, got ${shown(v)}`);

/** A string parameter; base64 is read as UTF-8, as supervisord reads it. */
export function readString(v: XmlRpcValue, name: string): string {
  if (typeof v === "string") return v;
  if (Buffer.isBuffer(v)) return v.toString("utf8");
  throw incorrect(`${name} must be a string`, v);
}

/** An integer parameter; digits in a string count too (supervisord calls int() on it). */
export function readInt(v: XmlRpcValue, name: string): number {
  if (typeof v === "number" && Number.isSafeInteger(v)) return v;
  if (typeof v === "string" && /^\s*[+-]?\d{1,15}\s*$/.test(v)) return Number(v);
  throw incorrect(`${name} must be an integer`, v);
}

/** A boolean parameter; 0 and 1 count too (Python's truth). */
export function readBool(v: XmlRpcValue | undefined, name: string, fallback: boolean): boolean {
  if (v === undefined) return fallback;
  if (typeof v === "boolean") return v;
  if (typeof v === "number") return v !== 0;
  throw incorrect(`${name} must be a boolean`, v);
}

/** A signal as supervisorctl sends it (`HUP`, `SIGHUP`, `1`); a number is taken as its digits. */
export function readSignal(v: XmlRpcValue): string {
  if (typeof v === "number" && Number.isSafeInteger(v)) return String(v);
  return readString(v, "signal");
}
