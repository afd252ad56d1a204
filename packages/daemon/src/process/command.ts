import { accessSync, constants, statSync } from "node:fs";
import { delimiter, isAbsolute, join, resolve } from "node:path";

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
