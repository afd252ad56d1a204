import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  parseAutorestart,
  parseBool,
  parseByteSize,
  parseEnvironment,
  parseExitcodes,
  parseList,
  parseLogLevel,
  parseName,
  parseNonNegativeInt,
  parseOctal,
  parseOwner,
  parseSeconds,
  parseSignal,
  parseWholeSeconds,
  ValueError,
} from "./values.js";

type Case<T> = [input: string, expected: T | ValueError];

function table<T>(name: string, parse: (v: string) => T, cases: Case<T>[]) {
  describe(name, () => {
    for (const [input, expected] of cases) {
      it(`${JSON.stringify(input)} → ${expected instanceof ValueError ? "error" : JSON.stringify(expected)}`, () => {
        if (expected instanceof ValueError) {
          assert.throws(
            () => parse(input),
            (e: unknown) => e instanceof ValueError && e.message.includes(JSON.stringify(input)),
          );
        } else {
          assert.deepEqual(parse(input), expected);
        }
      });
    }
  });
}

const bad = new ValueError("");

table("parseBool", parseBool, [
  ["true", true],
  ["Yes", true],
  ["on", true],
  ["1", true],
  ["false", false],
  ["NO", false],
  ["off", false],
  ["0", false],
  ["maybe", bad],
  ["", bad],
]);
table("parseNonNegativeInt", parseNonNegativeInt, [
  ["0", 0],
  [" 10 ", 10],
  ["ten", bad],
  ["-1", bad],
  ["1.5", bad],
]);
table("parseSignal", parseSignal, [
  ["TERM", "TERM"],
  ["sigterm", "TERM"],
  ["SIGKILL", "KILL"],
  ["15", "TERM"],
  ["9", "KILL"],
  ["HUP", "HUP"],
  ["NOPE", bad],
  ["999", bad],
]);
table("parseAutorestart", parseAutorestart, [
  ["unexpected", "unexpected"],
  ["true", "true"],
  ["off", "false"],
  ["sometimes", bad],
]);
table("parseExitcodes", parseExitcodes, [
  ["0", [0]],
  ["0,2", [0, 2]],
  ["0, 2 ,3", [0, 2, 3]],
  ["", []],
  ["a", bad],
  ["256", bad],
  ["-1", bad],
]);
table("parseByteSize", parseByteSize, [
  ["1024", 1024],
  ["50MB", 50 * 1024 * 1024],
  ["1kb", 1024],
  ["2GB", 2 * 1024 ** 3],
  ["0", 0],
  ["10 MB", 10 * 1024 ** 2],
  ["50M", bad],
  ["lots", bad],
]);
table("parseOctal", parseOctal, [
  ["022", 0o22],
  ["0o077", 0o77],
  ["777", 0o777],
  ["8", bad],
]);
table("parseEnvironment", parseEnvironment, [
  ["A=1,B=2", { A: "1", B: "2" }],
  ["A=\"x,y=z\",B='q r'", { A: "x,y=z", B: "q r" }],
  ["  A = 1 , B=  ", { A: "1", B: "" }],
  ["", {}],
  ["A", bad],
  ['A="open', bad],
  ["1A=x", bad],
]);
table("parseName", parseName, [
  ["web", "web"],
  [" web_1 ", "web_1"],
  ["a b", bad],
  ["a:b", bad],
  ["a/b", bad],
  ["", bad],
]);
table("parseList", parseList, [
  ["a,b", ["a", "b"]],
  [" a , b ,", ["a", "b"]],
  ["", []],
]);
table("parseLogLevel", parseLogLevel, [
  ["INFO", "info"],
  ["blather", "blather"],
  ["warning", "warning"],
  ["chatty", bad],
]);
table("parseOwner", parseOwner, [
  ["www-data", "www-data"],
  ["app:app", "app:app"],
  ["a:b:c", bad],
  ["", bad],
]);

table("parseSeconds", parseSeconds, [
  ["5", 5],
  [" 0.25 ", 0.25],
  ["0", 0],
  ["2147483", 2147483],
  ["2147484", bad],
  ["-1", bad],
  ["1e3", bad],
  ["five", bad],
  ["", bad],
  [".5", bad],
]);

table("parseWholeSeconds", parseWholeSeconds, [
  ["0", 0],
  [" 10 ", 10],
  ["2147483", 2147483],
  ["2147484", bad],
  ["99999999999999999999", bad],
  ["ten", bad],
  ["1.5", bad],
  ["-1", bad],
]);

table("parseSeconds, positive", (v) => parseSeconds(v, { positive: true }), [
  ["0.1", 0.1],
  ["0", bad],
  ["0.0", bad],
]);
