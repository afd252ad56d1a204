import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type Candidate, settle } from "./admission.js";

type C = Candidate & { name: string; old: boolean };
const conn = (name: string, over: Partial<Candidate> & { old?: boolean } = {}): C => ({
  name,
  handshaken: true,
  partial: false,
  inFlight: 0,
  session: { subscribed: new Set(["state"]) },
  old: true,
  ...over,
});
const idle = (name: string) => conn(name, { session: { subscribed: new Set() } });
const silent = (name: string, old = true) => conn(name, { handshaken: false, old });
const limits = { maxConnections: 4, maxHandshaking: 2 };

describe("settle", () => {
  const cases: { name: string; open: C[]; closed: string[]; again?: boolean }[] = [
    { name: "within the limits: nobody is closed", open: [conn("a"), idle("b"), silent("s")], closed: [] },
    { name: "too many handshaking: the oldest gives way", open: [silent("h1"), conn("a"), silent("h2"), silent("h3")], closed: ["h1"] },
    {
      name: "too many handshaking, the oldest not yet read: the next oldest gives way",
      open: [silent("h1", false), silent("h2"), silent("h3", false)],
      closed: ["h2"],
    },
    {
      name: "too many handshaking, none read yet: nobody now, again next turn",
      open: [silent("h1", false), silent("h2", false), silent("h3", false)],
      closed: [],
      again: true,
    },
    {
      name: "full: a handshaking one goes before a partial one",
      open: [conn("p", { partial: true }), idle("i"), silent("h"), conn("a"), conn("new")],
      closed: ["h"],
    },
    {
      name: "full: a partial one goes before an idle one",
      open: [idle("i"), conn("p", { partial: true }), conn("a"), conn("b"), conn("new")],
      closed: ["p"],
    },
    { name: "full: the oldest idle one goes", open: [conn("a"), idle("i1"), idle("i2"), conn("b"), conn("new")], closed: ["i1"] },
    {
      name: "full of subscribers and clients waiting for answers: the newest are refused",
      open: [
        conn("a"),
        conn("w", { inFlight: 1, session: { subscribed: new Set() } }),
        conn("b"),
        conn("c"),
        silent("n1", false),
        silent("n2", false),
      ],
      closed: ["n2", "n1"],
    },
    {
      name: "full: a newcomer not yet read is not displaced by the next one",
      open: [conn("a"), conn("b"), conn("c"), silent("n1", false), silent("n2", false)],
      closed: ["n2"],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { close, again } = settle(c.open, limits, (x) => x.old);
      assert.deepEqual(
        [...close.keys()].map((x) => x.name),
        c.closed,
      );
      assert.equal(again, c.again ?? false);
    });
  }

  it("tells each why: the handshake limit, a place needed, or too many connections", () => {
    const { close } = settle(
      [silent("h1"), silent("h2"), silent("h3"), conn("a"), conn("b"), conn("new", { old: false })],
      limits,
      (x) => x.old,
    );
    assert.deepEqual(
      [...close.values()],
      [
        "closing the connection: at most 2 clients may wait to send a first request",
        "closing the connection: graced takes at most 4 connections and needed this one's place for a newer client",
      ],
    );
    const refused = settle([conn("a"), conn("b"), conn("c"), conn("d"), silent("new", false)], limits, (x) => x.old);
    assert.deepEqual(
      [...refused.close.values()],
      ["too many connections: graced takes at most 4 connections, and every one is busy or subscribed"],
    );
  });
});
