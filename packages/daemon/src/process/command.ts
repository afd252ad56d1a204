import { accessSync, constants, statSync } from "node:fs";
import { delimiter, isAbsolute, join, resolve } from "node:path";

/** Split a command into words as a POSIX shell would (quotes, backslashes), without running a shell. */
export function splitCommand(command: string): string[] {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < command.length; i++) {
    const ch = command[i] as string;
    if (quote === "'") {
      if (ch === "'") quote = null;
      else word += ch;
    } else if (quote === '"') {
      if (ch === '"') quote = null;
      else if (ch === "\\" && i + 1 < command.length && '$`"\\\n'.includes(command[i + 1] as string)) word += command[++i];
      else word += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (ch === "\\" && i + 1 < command.length) {
      const next = command[++i] as string;
      if (next !== "\n") word += next;
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (quote !== null) throw new Error(`unterminated ${quote} quote in command ${JSON.stringify(command)}`);
  if (inWord) words.push(word);
  return words;
}

/**
 * Find the program the way execvp would, and say why not in supervisord's words
 * (supervisor/options.py `get_path`/`check_execv_args`).
 */
export function resolveProgram(file: string, pathEnv: string | undefined, cwd: string): string {
  const candidates = file.includes("/")
    ? [isAbsolute(file) ? file : resolve(cwd, file)]
    : (pathEnv ?? "/usr/local/bin:/usr/bin:/bin")
        .split(delimiter)
        .filter(Boolean)
        .map((dir) => join(dir, file));
  const found = candidates.find((c) => {
    try {
      statSync(c);
      return true;
    } catch {
      return false;
    }
  });
  if (found === undefined) throw new Error(`can't find command '${file}'`);
  if (statSync(found).isDirectory()) throw new Error(`command at '${found}' is a directory`);
  try {
    accessSync(found, constants.X_OK);
  } catch {
    throw new Error(`command at '${found}' is not executable`);
  }
  return found;
}
