import type { Config, ProgramConfig } from "../config/model.js";
import { authRequired } from "../http/credentials.js";
import type { Logger } from "../logs/logger.js";
import { startupBudgetWarnings } from "../shutdown/budget.js";

/** What a start found on its way, said once the socket answers. */
export type StartNotes = {
  version: string;
  socket: string;
  /** `[inet_http_server]`'s URL, when it listens. */
  inet: string | null;
  /** The socket's claim and the leftovers of an earlier graced. */
  warnings: readonly string[];
  budget: { seconds: number; warnings: readonly string[] };
};

/** The start's log lines: graced is up, where it listens, who may talk to it, what the budget will cut short. */
export function logStarted(logger: Logger, config: Config, notes: StartNotes, programs: readonly ProgramConfig[]): void {
  for (const w of notes.warnings) logger.warn(w);
  logger.info(`graced ${notes.version} started with pid ${process.pid}, control socket ${notes.socket}`);
  if (notes.inet) logger.info(`serving supervisord's XML-RPC on ${notes.inet} ([inet_http_server])`);
  if (!authRequired(config.server)) {
    const mode = config.server.chmod.toString(8).padStart(4, "0");
    logger.info(`no username/password in [unix_http_server]: the socket's file permissions (mode ${mode}) are the only access control`);
  }
  for (const w of notes.budget.warnings) logger.warn(w);
  for (const w of startupBudgetWarnings(programs, notes.budget.seconds)) logger.warn(w);
}
