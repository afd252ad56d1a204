import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { route } from "./route.js";

describe("route: supervisord's paths", () => {
  const cases: { method: string; target: string; route: object }[] = [
    { method: "POST", target: "/RPC2", route: { kind: "rpc" } },
    { method: "POST", target: "http://127.0.0.1/RPC2", route: { kind: "rpc" } },
    { method: "GET", target: "/logtail/web", route: { kind: "logtail", namespec: "web", stream: "stdout" } },
    { method: "GET", target: "/logtail/web/stderr", route: { kind: "logtail", namespec: "web", stream: "stderr" } },
    { method: "GET", target: "/logtail/pool:w1/stdout", route: { kind: "logtail", namespec: "pool:w1", stream: "stdout" } },
    { method: "GET", target: "/logtail/pool%3Aw1/stderr?x=1", route: { kind: "logtail", namespec: "pool:w1", stream: "stderr" } },
    { method: "GET", target: "/logtail//web", route: { kind: "logtail", namespec: "web", stream: "stdout" } },
    { method: "GET", target: "/mainlogtail", route: { kind: "mainlogtail" } },
  ];
  for (const c of cases) it(`${c.method} ${c.target}`, () => assert.deepEqual(route(c), c.route));

  const refusals: { method: string; target: string; status: number; reason: RegExp }[] = [
    { method: "GET", target: "/RPC2", status: 400, reason: /XML-RPC is POST \/RPC2, not GET/ },
    { method: "POST", target: "/logtail/web", status: 400, reason: /not POST/ },
    { method: "DELETE", target: "/mainlogtail", status: 400, reason: /not DELETE/ },
    { method: "GET", target: "/logtail/web/bogus", status: 404, reason: /no log "bogus"/ },
    { method: "GET", target: "/logtail", status: 404, reason: /no process named/ },
    { method: "GET", target: "/logtail/%zz", status: 400, reason: /bad percent-encoding/ },
    { method: "GET", target: "/", status: 404, reason: /nothing at "\/"/ },
    { method: "GET", target: "//logtail/web", status: 404, reason: /nothing at/ },
  ];
  for (const c of refusals) {
    it(`${c.method} ${c.target} → ${c.status}`, () => {
      const r = route(c);
      assert.equal(r.kind, "refuse");
      if (r.kind === "refuse") {
        assert.equal(r.status, c.status);
        assert.match(r.reason, c.reason);
      }
    });
  }
});
