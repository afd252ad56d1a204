import { readdirSync, statSync } from "node:fs";
import { isAbsolute, join, sep } from "node:path";

/**
 * Python's glob.glob for `[include] files` patterns (Node 20 has no fs.glob): `*`, `?` and
 * `[...]` within one path segment; a leading `*` or `?` does not match dot files. Sorted.
 */
export function hasMagic(pattern: string): boolean {
  return /[*?[]/.test(pattern);
}

export function globSorted(pattern: string): string[] {
  if (!hasMagic(pattern)) return exists(pattern) ? [pattern] : [];
  const parts = pattern.split(sep);
  let paths = [isAbsolute(pattern) ? sep : "."];
  parts.forEach((part, i) => {
    if (part === "" || (part === "." && i > 0)) return;
    const last = i === parts.length - 1;
    const next: string[] = [];
    for (const dir of paths) {
      if (!hasMagic(part)) {
        const p = join(dir, part);
        if (last ? exists(p) : isDir(p)) next.push(p);
        continue;
      }
      const re = segmentRegExp(part);
      for (const name of list(dir)) {
        const p = join(dir, name);
        if (re.test(name) && (last || isDir(p))) next.push(p);
      }
    }
    paths = next;
  });
  return paths.sort();
}

function segmentRegExp(part: string): RegExp {
  let re = part.startsWith("*") || part.startsWith("?") ? "(?!\\.)" : "";
  for (let i = 0; i < part.length; i++) {
    const ch = part[i] ?? "";
    if (ch === "*") re += ".*";
    else if (ch === "?") re += ".";
    else if (ch === "[") {
      const end = part.indexOf("]", i + 2);
      if (end === -1) re += "\\[";
      else {
        const body = part.slice(i + 1, end);
        re += `[${body.startsWith("!") ? `^${body.slice(1)}` : body}]`;
        i = end;
      }
    } else re += ch.replace(/[.+^${}()|\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`, "s");
}

function list(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function exists(p: string): boolean {
  try {
    statSync(p);
    return true;
  } catch {
    return false;
  }
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
