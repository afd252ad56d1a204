import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Fault, RpcError } from "@grace/protocol";
import { faultFromDaemon, faultText, XmlRpcFaults } from "./faults.js";

describe("faultText: supervisord's faultString", () => {
  const cases: { code: number; detail?: string; text: string }[] = [
    { code: 10, detail: "web", text: "BAD_NAME: web" },
    { code: 6, text: "SHUTDOWN_STATE" },
    { code: 4, text: "SIGNATURE_UNSUPPORTED" },
    { code: 12345, detail: "x", text: "UNKNOWN: x" },
  ];
  for (const c of cases) it(c.text, () => assert.equal(faultText(c.code, c.detail), c.text));

  it("every code of grace's Fault but UNAUTHORIZED is one of supervisord's, with the same name", () => {
    for (const [name, code] of Object.entries(Fault)) {
      if (name === "UNAUTHORIZED") continue;
      assert.equal((XmlRpcFaults as Record<string, number>)[name], code, name);
    }
  });
});

describe("faultFromDaemon", () => {
  const cases: { code: number; message: string; detail?: string; text: string }[] = [
    { code: Fault.BAD_NAME, message: "no such process", detail: "web", text: "BAD_NAME: web" },
    { code: Fault.CANT_REREAD, message: "x.conf:3: bad", text: "CANT_REREAD: x.conf:3: bad" },
    { code: Fault.SHUTDOWN_STATE, message: "graced is shutting down", detail: "web", text: "SHUTDOWN_STATE" },
    { code: RpcError.INVALID_PARAMS, message: "invalid params: names", text: "INCORRECT_PARAMETERS: invalid params: names" },
    { code: RpcError.METHOD_NOT_FOUND, message: "no", text: "UNKNOWN_METHOD" },
    { code: Fault.UNAUTHORIZED, message: "unauthorized", text: "FAILED: unauthorized" },
    { code: Fault.SUCCESS, message: "odd", text: "FAILED: odd" },
  ];
  for (const c of cases) {
    it(`${c.code} → ${c.text}`, () => assert.equal(faultFromDaemon({ code: c.code, message: c.message }, c.detail).text, c.text));
  }
});
