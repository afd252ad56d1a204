import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { decodeMethodCall, type XmlRpcValue } from "./decode.js";
import { XmlError } from "./xml-reader.js";

const limits = { maxDepth: 32, maxElements: 10_000 };
const call = (params: string, method = "m.x") =>
  Buffer.from(`<?xml version='1.0'?>\n<methodCall>\n<methodName>${method}</methodName>\n<params>\n${params}</params>\n</methodCall>\n`);
const param = (value: string) => `<param>\n<value>${value}</value>\n</param>\n`;
const decodeOne = (value: string) => decodeMethodCall(call(param(value)), limits).params[0];

describe("decodeMethodCall reads every XML-RPC type", () => {
  const cases: { xml: string; value: XmlRpcValue }[] = [
    { xml: "<int>42</int>", value: 42 },
    { xml: "<i4>-7</i4>", value: -7 },
    { xml: "<i8>9007199254740991</i8>", value: 9007199254740991 },
    { xml: "<int> +3 </int>", value: 3 },
    { xml: "<boolean>1</boolean>", value: true },
    { xml: "<boolean>0</boolean>", value: false },
    { xml: "<string>a &lt;b&gt; &amp; c</string>", value: "a <b> & c" },
    { xml: "<string></string>", value: "" },
    { xml: "<string/>", value: "" },
    { xml: "untyped text is a string", value: "untyped text is a string" },
    { xml: "", value: "" },
    { xml: "<double>-1.5e3</double>", value: -1500 },
    { xml: "<double>.25</double>", value: 0.25 },
    { xml: "<dateTime.iso8601>20240229T23:59:58</dateTime.iso8601>", value: new Date(Date.UTC(2024, 1, 29, 23, 59, 58)) },
    { xml: "<base64>aGVs\nbG8=</base64>", value: Buffer.from("hello") },
    { xml: "<nil/>", value: null },
    { xml: "<array><data></data></array>", value: [] },
    { xml: "<array><data><value><int>1</int></value><value>two</value></data></array>", value: [1, "two"] },
    {
      xml: "<struct><member><name>a</name><value><int>1</int></value></member><member><name>b</name><value><array><data><value><boolean>1</boolean></value></data></array></value></member></struct>",
      value: { a: 1, b: [true] },
    },
  ];
  for (const c of cases) {
    it(c.xml || "(empty value)", () => assert.deepEqual(decodeOne(c.xml), c.value));
  }

  it("a member named __proto__ is a plain key, not the struct's prototype", () => {
    const v = decodeOne("<struct><member><name>__proto__</name><value><int>1</int></value></member></struct>") as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(v), Object.prototype);
    assert.deepEqual(Object.keys(v), ["__proto__"]);
  });

  it("takes the method name and every parameter in order", () => {
    const got = decodeMethodCall(call(param("<string>web</string>") + param("<boolean>0</boolean>"), "supervisor.startProcess"), limits);
    assert.deepEqual(got, { method: "supervisor.startProcess", params: ["web", false] });
  });

  it("a call without <params> has no parameters, as supervisord allows", () => {
    const got = decodeMethodCall(Buffer.from("<methodCall><methodName>supervisor.getPID</methodName></methodCall>"), limits);
    assert.deepEqual(got, { method: "supervisor.getPID", params: [] });
  });
});

describe("decodeMethodCall says what is wrong with a bad call", () => {
  const cases: { name: string; body: Buffer; error: RegExp }[] = [
    { name: "not an integer", body: call(param("<int>1.5</int>")), error: /not an integer: "1.5"/ },
    {
      name: "an integer beyond 2^53",
      body: call(param("<int>99999999999999999999</int>")),
      error: /integer out of range: "99999999999999999999"/,
    },
    { name: "a boolean that is not 0 or 1", body: call(param("<boolean>yes</boolean>")), error: /a boolean is 0 or 1, got "yes"/ },
    { name: "not a double", body: call(param("<double>NaN</double>")), error: /not a double: "NaN"/ },
    { name: "a bad date", body: call(param("<dateTime.iso8601>20240230T00:00:00</dateTime.iso8601>")), error: /not a dateTime.iso8601/ },
    { name: "bad base64", body: call(param("<base64>@@@</base64>")), error: /not base64: "@@@"/ },
    { name: "an unknown type", body: call(param("<float>1</float>")), error: /unknown XML-RPC type <float>/ },
    { name: "two types in one value", body: call(param("<int>1</int><int>2</int>")), error: /<value> must hold exactly one <int>/ },
    {
      name: "a member without a value",
      body: call(param("<struct><member><name>a</name></member></struct>")),
      error: /a <member> holds one <name> and one <value>/,
    },
    { name: "an array without data", body: call(param("<array></array>")), error: /<array> must hold exactly one <data>, got "nothing"/ },
    { name: "no method name", body: Buffer.from("<methodCall><params/></methodCall>"), error: /the call has no <methodName>/ },
    { name: "not a methodCall", body: Buffer.from("<methodResponse/>"), error: /expected <methodCall>, got <methodResponse>/ },
    {
      name: "something else in the call",
      body: Buffer.from("<methodCall><methodName>a.b</methodName><x/></methodCall>"),
      error: /unexpected <x> in <methodCall>/,
    },
    { name: "invalid UTF-8", body: Buffer.from([0x3c, 0x61, 0xff, 0x3e]), error: /the body is not valid UTF-8/ },
    {
      name: "an encoding other than UTF-8",
      body: Buffer.from("<?xml version='1.0' encoding='ISO-8859-1'?><methodCall/>"),
      error: /only UTF-8 is accepted, the body declares "ISO-8859-1"/,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.throws(
        () => decodeMethodCall(c.body, limits),
        (e: unknown) => e instanceof XmlError && c.error.test(e.message),
      );
    });
  }
});
