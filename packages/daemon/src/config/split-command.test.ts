import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { splitCommand } from "./split-command.js";

describe("splitCommand", () => {
  const cases: [string, string[]][] = [
    ["sleep 10", ["sleep", "10"]],
    ["  spaced   out  ", ["spaced", "out"]],
    [`sh -c 'echo a ; echo b'`, ["sh", "-c", "echo a ; echo b"]],
    [`echo "a \\"b\\" c"`, ["echo", 'a "b" c']],
    [`echo a\\ b`, ["echo", "a b"]],
    [`echo '' ""`, ["echo", "", ""]],
    [`echo "$HOME"`, ["echo", "$HOME"]],
    [`a'b'"c"d`, ["abcd"]],
  ];
  for (const [input, words] of cases) {
    it(input, () => assert.deepEqual(splitCommand(input), words));
  }
  it("rejects an unterminated quote, quoting the command", () => {
    assert.throws(() => splitCommand("sh -c 'oops"), /unterminated ' quote in command "sh -c 'oops"/);
  });
});
