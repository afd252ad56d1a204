// Summaries of repeated figures: the median and the range of N runs, or the worst of them for
// figures where one bad run is the news (lines lost, programs that missed their SIGTERM).

/** The middle value; with an even count, the mean of the two middle ones. */
export function median(xs) {
  if (xs.length === 0) throw new Error("median of no values");
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * One figure over its runs. `how` is "median" (the cell shows the median and the range), or
 * "max" / "min" when the worst run is what counts (the highest loss, the lowest count).
 */
export function summarize(values, how = "median") {
  if (values.length === 0) return undefined;
  const min = Math.min(...values);
  const max = Math.max(...values);
  const value = how === "max" ? max : how === "min" ? min : median(values);
  return { value, min, max, n: values.length, how };
}

/** grace ÷ supervisord, or undefined when either side is missing or supervisord's figure is 0. */
export function ratio(grace, supervisord) {
  if (grace === undefined || supervisord === undefined || supervisord === 0) return undefined;
  return grace / supervisord;
}
