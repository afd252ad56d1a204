import type { EventName } from "../config/event-types.js";
import { envelope } from "./envelope.js";
import { type Heard, ListenerProtocol, type ListenerState } from "./protocol.js";

/**
 * The dispatcher of one `[eventlistener:x]` pool (supervisord's EventListenerPool), as a state
 * machine without I/O: it holds the events its listeners have not taken yet, hands the oldest
 * to a listener that is RUNNING and READY, takes it back when the listener rejects it or dies
 * with it, and drops the oldest when the buffer is full. Every call returns what to do: bytes
 * to write to a listener's stdin, lines to log. Nothing here waits for a listener, so a busy,
 * silent or dead one can hold up only its own pool's events.
 */

/** An event as the hub hands it to every pool that subscribes to it. */
export type PoolEvent = { serial: number; name: EventName; payload: string };

export type PoolEffect =
  | { type: "send"; listener: string; data: string; serial: number }
  | { type: "log"; level: "error" | "warn" | "info" | "debug"; message: string };

export type PoolLimits = {
  /** `buffer_size`: events held at most. */
  events: number;
  /** Payload characters held at most (log events can be large); the oldest go first beyond it. */
  chars: number;
};

/** grace's cap on what one pool holds, whatever its buffer_size (docs/config.md). */
export const MAX_POOL_CHARS = 8 * 1024 * 1024;

type Held = PoolEvent & { poolSerial: number };

type Listener = {
  protocol: ListenerProtocol;
  /** Its process is RUNNING: only then is it sent anything (supervisord's rule). */
  running: boolean;
  /** The event it was sent and has not answered yet. */
  busyWith: Held | null;
};

export class Pool {
  private buffer: Held[] = [];
  private chars = 0;
  private serial = -1;
  /** In the order of the pool's processes: the first READY one gets the next event. */
  private readonly listeners = new Map<string, Listener>();

  constructor(
    readonly name: string,
    private readonly server: string,
    private limits: PoolLimits,
  ) {}

  /** A reload may change buffer_size; what is held beyond the new size goes at the next event. */
  setLimits(limits: PoolLimits): void {
    this.limits = limits;
  }

  /** The events waiting, oldest first (their serials), for status and tests. */
  held(): number[] {
    return this.buffer.map((e) => e.serial);
  }

  stateOf(listener: string): ListenerState | undefined {
    return this.listeners.get(listener)?.protocol.state;
  }

  /** An event this pool subscribes to happened. */
  accept(event: PoolEvent): PoolEffect[] {
    const out: PoolEffect[] = [];
    this.hold({ ...event, poolSerial: this.nextSerial() }, false, out);
    this.dispatch(out);
    return out;
  }

  /**
   * A new process of the pool (a spawn): its protocol starts over, ACKNOWLEDGED. An event the
   * previous one never answered goes back to the buffer first.
   */
  spawned(listener: string): PoolEffect[] {
    const out = this.exited(listener);
    this.listeners.set(listener, { protocol: new ListenerProtocol(), running: false, busyWith: null });
    return out;
  }

  /** The listeners it knows, in the order they came. */
  names(): string[] {
    return [...this.listeners.keys()];
  }

  /** Its process reached RUNNING, or left it. */
  running(listener: string, running: boolean): PoolEffect[] {
    const l = this.listeners.get(listener);
    const out: PoolEffect[] = [];
    if (!l) return out;
    l.running = running;
    if (running) this.dispatch(out);
    return out;
  }

  /** Its process is gone: an event it had not answered goes back to the head of the buffer. */
  exited(listener: string): PoolEffect[] {
    const l = this.listeners.get(listener);
    const out: PoolEffect[] = [];
    if (!l) return out;
    l.running = false;
    if (l.busyWith) {
      out.push({
        type: "log",
        level: "warn",
        message: `${listener}: exited before it answered event ${l.busyWith.serial}; the event goes back to the pool`,
      });
      this.hold(l.busyWith, true, out);
      l.busyWith = null;
    }
    this.dispatch(out);
    return out;
  }

  /** Taken out of the pool (a reload): its unanswered event stays with the pool. */
  removed(listener: string): PoolEffect[] {
    const out = this.exited(listener);
    this.listeners.delete(listener);
    return out;
  }

  /** Bytes the listener wrote to its stdout. */
  output(listener: string, chunk: Buffer): PoolEffect[] {
    const l = this.listeners.get(listener);
    const out: PoolEffect[] = [];
    if (!l) return out;
    for (const heard of l.protocol.feed(chunk)) this.heard(listener, l, heard, out);
    this.dispatch(out);
    return out;
  }

  private heard(name: string, l: Listener, heard: Heard, out: PoolEffect[]): void {
    switch (heard.type) {
      case "ready":
        out.push({ type: "log", level: "debug", message: `${name}: ACKNOWLEDGED -> READY` });
        return;
      case "result": {
        const event = l.busyWith;
        l.busyWith = null;
        if (event === null) return;
        if (heard.body.equals(OK)) {
          out.push({ type: "log", level: "debug", message: `${name}: event ${event.serial} was processed` });
          return;
        }
        // the default result handler: anything but OK rejects the event, which is sent again
        out.push({
          type: "log",
          level: "warn",
          message: `${name}: event ${event.serial} was rejected (${JSON.stringify(heard.body.toString("latin1").slice(0, 40))}); the event goes back to the pool`,
        });
        this.hold(event, true, out);
        return;
      }
      case "violation":
        out.push({
          type: "log",
          level: "warn",
          message: `${name}: has entered the UNKNOWN state and will no longer receive events until it is restarted (it violated the event listener protocol: ${heard.reason})`,
        });
        if (l.busyWith) this.hold(l.busyWith, true, out);
        l.busyWith = null;
        return;
    }
  }

  /** Send the oldest events to READY listeners, while there are both. */
  private dispatch(out: PoolEffect[]): void {
    while (this.buffer.length > 0) {
      const target = [...this.listeners].find(([, l]) => l.running && l.protocol.state === "READY");
      if (!target) return;
      const [name, l] = target;
      const event = this.buffer.shift() as Held;
      this.chars -= event.payload.length;
      l.protocol.sent();
      l.busyWith = event;
      const data = envelope({ ...event, server: this.server, pool: this.name });
      out.push({ type: "send", listener: name, data, serial: event.serial });
    }
  }

  /** Into the buffer (at the head for an event sent back); the oldest make room when it is full. */
  private hold(event: Held, head: boolean, out: PoolEffect[]): void {
    while (this.buffer.length > 0 && (this.buffer.length >= this.limits.events || this.chars + event.payload.length > this.limits.chars)) {
      const dropped = this.buffer.shift() as Held;
      this.chars -= dropped.payload.length;
      out.push({
        type: "log",
        level: "error",
        message: `pool ${this.name} event buffer overflowed, discarding event ${dropped.serial} (${dropped.name})`,
      });
    }
    if (head) this.buffer.unshift(event);
    else this.buffer.push(event);
    this.chars += event.payload.length;
  }

  private nextSerial(): number {
    this.serial = this.serial >= Number.MAX_SAFE_INTEGER ? 0 : this.serial + 1;
    return this.serial;
  }
}

const OK = Buffer.from("OK");
