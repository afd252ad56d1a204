import type { Config } from "../config/model.js";
import type { Supervisor } from "../engine/supervisor.js";
import { EventHub } from "../events/hub.js";
import type { Logger } from "../logs/logger.js";

/** supervisord's events for the `[eventlistener:x]` pools among the supervisor's processes. */
export function eventHub(config: Config, logger: Logger, supervisor: Supervisor): EventHub {
  return new EventHub({ server: config.daemon.identifier, logger, now: Date.now, list: () => supervisor.list() });
}

/** Every state change and spawn becomes a PROCESS_STATE event. */
export function feedEvents(events: EventHub, supervisor: Supervisor): void {
  supervisor.on("change", (p, from) => events.stateChanged(p, from));
  supervisor.on("spawned", (p, pid) => events.spawned(p, pid));
}

/** Group names in the order supervisord adds them: by priority, in config order within one. */
export function startOrder(groups: readonly { name: string; priority: number }[]): string[] {
  return [...groups].sort((a, b) => a.priority - b.priority).map((g) => g.name);
}
