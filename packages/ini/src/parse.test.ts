import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { hasOpenQuote, stripInlineComment } from "./comments.js";
import { parseIni } from "./parse.js";

/** Parse and flatten to { "section.key": value } for compact expectations. */
function flat(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of parseIni(text, "t.conf").sections) for (const e of s.entries.values()) out[`${s.name}.${e.key}`] = e.value;
  return out;
}

const severities = (text: string) => parseIni(text, "t.conf").diagnostics.map((d) => `${d.severity}@${d.line}`);

describe("parseIni reads what ConfigParser reads", () => {
  const cases: [string, string, Record<string, string>][] = [
    ["equals and colon", "[a]\nx = 1\ny: 2\nz=3", { "a.x": "1", "a.y": "2", "a.z": "3" }],
    ["splits at the first delimiter", "[a]\nurl = unix:///tmp/s.sock\ncmd: a=b", { "a.url": "unix:///tmp/s.sock", "a.cmd": "a=b" }],
    ["keys are case-insensitive, sections are not", "[Prog]\nCOMMAND = x", { "Prog.command": "x" }],
    ["indented continuation lines", "[a]\nenv = A=1,\n  B=2\n\tC=3\nnext = n", { "a.env": "A=1,\nB=2\nC=3", "a.next": "n" }],
    ["blank lines inside a value are kept, trailing ones dropped", "[a]\nv = 1\n\n  2\n\n\n[b]", { "a.v": "1\n\n2" }],
    ["full-line comments, also indented", "[a]\n; c1\n# c2\n   ; c3\nx = 1", { "a.x": "1" }],
    ["a comment line inside a continuation is skipped", "[a]\nv = 1\n  ; note\n  2", { "a.v": "1\n2" }],
    ["inline comment after whitespace", "[a]\nx = 1 ; one\ny = 2\t# two", { "a.x": "1", "a.y": "2" }],
    ["no inline comment without whitespace", "[a]\nx = a;b#c\nurl = http://h/#frag", { "a.x": "a;b#c", "a.url": "http://h/#frag" }],
    ["inline comment after a section header", "[a] ; the a section\nx = 1", { "a.x": "1" }],
    ["a repeated section merges, a repeated key wins", "[a]\nx = 1\ny = 1\n[b]\n[a]\nx = 2", { "a.x": "2", "a.y": "1" }],
    ["empty value", "[a]\nx =\ny = ; comment", { "a.x": "", "a.y": "" }],
    ["CRLF and CR line ends", "[a]\r\nx = 1\r\ny = 2\rz = 3", { "a.x": "1", "a.y": "2", "a.z": "3" }],
    ["an indented line after a header is not a continuation", "[a]\n  x = 1", { "a.x": "1" }],
    ["an indented header after a key is a continuation", "[a]\nx = 1\n  [b]", { "a.x": "1\n[b]" }],
    ["the header runs to the last ]", "[a]]\nx = 1", { "a].x": "1" }],
  ];
  for (const [name, text, expected] of cases) {
    it(name, () => assert.deepEqual(flat(text), expected));
  }

  it("records the file and line of every entry", () => {
    const [s] = parseIni("[a]\n\nx = 1\ny = 2\n  more", "f.conf").sections;
    assert.deepEqual(
      [...(s?.entries.values() ?? [])],
      [
        { key: "x", value: "1", file: "f.conf", line: 3 },
        { key: "y", value: "2\nmore", file: "f.conf", line: 4 },
      ],
    );
  });
});

describe("parseIni reports problems with their line", () => {
  const cases: [string, string, string[]][] = [
    ["a line before the first section", "x = 1\n[a]", ["error@1"]],
    ["a line without a delimiter", "[a]\nnumprocs 3", ["error@2"]],
    ["a key-less line", "[a]\n= 3", ["error@2"]],
    ["a nameless section header is not a header", "[]\nx = 1", ["error@1", "error@2"]],
    ["text after a section header", "[a] extra\nx = 1", ["warning@1"]],
    ["an inline comment that leaves a quote open", "[a]\ncommand=bash -c 'a ; b'", ["warning@2"]],
    ["the same in a continuation line", '[a]\ncommand=bash -c\n  "a ; b"', ["warning@3"]],
    ["a comment after a closed quote is fine", "[a]\ncommand=bash -c 'a;b' ; run", []],
    ["a clean file", "[a]\nx = 1 ; c\n", []],
  ];
  for (const [name, text, expected] of cases) {
    it(name, () => assert.deepEqual(severities(text), expected));
  }

  it("the open-quote warning quotes the cut value and names section and key", () => {
    const [d] = parseIni("[program:x]\ncommand=bash -c 'a ; b'", "f.conf").diagnostics;
    assert.equal(d?.section, "program:x");
    assert.equal(d?.key, "command");
    assert.match(d?.message ?? "", /"bash -c 'a"/);
  });
});

describe("stripInlineComment and hasOpenQuote", () => {
  const cuts: [string, string][] = [
    ["a ; b", "a"],
    ["a;b", "a;b"],
    ["; all", ""],
    ["  # all", ""],
    ["a\t#b", "a"],
    ["x # y ; z", "x"],
  ];
  for (const [line, kept] of cuts)
    it(`${JSON.stringify(line)} keeps ${JSON.stringify(kept)}`, () => assert.equal(stripInlineComment(line).kept, kept));

  const quotes: [string, boolean][] = [
    ["bash -c 'a", true],
    ["bash -c 'a b'", false],
    ['echo "it\'s"', false],
    ['echo "a\\"', true],
    ["echo it\\'s", false],
  ];
  for (const [text, open] of quotes) it(`${JSON.stringify(text)} open=${open}`, () => assert.equal(hasOpenQuote(text), open));
});
