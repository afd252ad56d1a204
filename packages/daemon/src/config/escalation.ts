import type { EscalationStep } from "./model.js";
import { parseSignal, ValueError } from "./values.js";

/**
 * `stop_escalation = INT@60%, QUIT@90%` (grace, issue 14): further signals at fractions of the
 * program's grace period, before the SIGKILL that ends it (postgres: TERM = smart, INT = fast,
 * QUIT = immediate shutdown). Percentages strictly between 0 and 100, in ascending order.
 */
export const MAX_ESCALATION_STEPS = 8;

export function parseEscalation(v: string): EscalationStep[] {
  const items = v
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (items.length > MAX_ESCALATION_STEPS) {
    throw new ValueError(`at most ${MAX_ESCALATION_STEPS} steps, got ${items.length} in ${JSON.stringify(v)}`);
  }
  const steps = items.map((item) => parseStep(item));
  steps.forEach((step, i) => {
    const before = steps[i - 1];
    if (before !== undefined && step.percent <= before.percent) {
      throw new ValueError(
        `steps must come in ascending order, got ${before.signal}@${before.percent}% before ${step.signal}@${step.percent}%`,
      );
    }
  });
  return steps;
}

function parseStep(item: string): EscalationStep {
  const m = /^([A-Za-z0-9]+)\s*@\s*(\d+(?:\.\d+)?)\s*%$/.exec(item);
  if (!m) throw new ValueError(`expected SIGNAL@PERCENT% such as INT@60%, got ${JSON.stringify(item)}`);
  const signal = parseSignal(m[1] ?? "");
  if (signal === "KILL")
    throw new ValueError(`SIGKILL ends every grace period anyway; list only the signals before it, got ${JSON.stringify(item)}`);
  const percent = Number(m[2]);
  if (percent <= 0 || percent >= 100)
    throw new ValueError(`a step comes strictly between 0% and 100% of the grace period, got ${JSON.stringify(item)}`);
  return { signal, percent };
}
