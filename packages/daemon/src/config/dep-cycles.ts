/**
 * Dependency cycles, for `--check`: the strongly connected components of the graph (Tarjan's
 * algorithm, iterative so a chain of thousands cannot overflow the stack), and one cycle
 * through each, shortest first from its first node in config order. Pure.
 */
export function findCycles(ids: readonly string[], next: (id: string) => readonly string[]): string[][] {
  const order = new Map(ids.map((id, i) => [id, i]));
  return components(ids, next)
    .filter((c) => c.length > 1 || next(c[0] as string).includes(c[0] as string))
    .map((c) => {
      const first = c.reduce((a, b) => ((order.get(a) ?? 0) <= (order.get(b) ?? 0) ? a : b));
      return cycleThrough(first, new Set(c), next);
    })
    .sort((a, b) => (order.get(a[0] as string) ?? 0) - (order.get(b[0] as string) ?? 0));
}

function components(ids: readonly string[], next: (id: string) => readonly string[]): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const found: string[][] = [];
  let counter = 0;
  for (const root of ids) {
    if (index.has(root)) continue;
    // each frame: a node and how many of its successors were already looked at
    const frames: { id: string; i: number; succ: readonly string[] }[] = [];
    const enter = (id: string) => {
      index.set(id, counter);
      low.set(id, counter++);
      stack.push(id);
      onStack.add(id);
      frames.push({ id, i: 0, succ: next(id) });
    };
    enter(root);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1] as (typeof frames)[number];
      if (frame.i < frame.succ.length) {
        const w = frame.succ[frame.i++] as string;
        if (!index.has(w)) enter(w);
        else if (onStack.has(w)) low.set(frame.id, Math.min(low.get(frame.id) as number, index.get(w) as number));
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent) low.set(parent.id, Math.min(low.get(parent.id) as number, low.get(frame.id) as number));
      if (low.get(frame.id) === index.get(frame.id)) {
        const component: string[] = [];
        let w: string;
        do {
          w = stack.pop() as string;
          onStack.delete(w);
          component.push(w);
        } while (w !== frame.id);
        found.push(component);
      }
    }
  }
  return found;
}

/** The shortest way from `start` back to itself inside its component: [start, …, start]. */
function cycleThrough(start: string, inside: Set<string>, next: (id: string) => readonly string[]): string[] {
  const cameFrom = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i] as string;
    for (const w of next(id)) {
      if (!inside.has(w)) continue;
      if (w === start) {
        const path = [start];
        for (let at: string | undefined = id; at !== undefined && at !== start; at = cameFrom.get(at)) path.push(at);
        return [start, ...path.slice(1).reverse(), start];
      }
      if (!cameFrom.has(w)) {
        cameFrom.set(w, id);
        queue.push(w);
      }
    }
  }
  return [start, start];
}
