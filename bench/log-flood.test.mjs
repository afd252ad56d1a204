import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { verify } from "./log-flood.mjs";

const LINE = "0123456789012345678901234567890123456789\n";

/** The texts written as files, oldest first; `name` keeps each case's files apart. */
function files(dir, name, texts) {
  return texts.map((t, i) => {
    const f = join(dir, `${name}.${i}`);
    writeFileSync(f, t, "latin1");
    return f;
  });
}

test("verify finds the lines lost, the lines garbled and the rotations inside a line", () => {
  const dir = mkdtempSync(join(tmpdir(), "verify-"));
  try {
    const all = LINE.repeat(100) + LINE.slice(0, 7); // 100 lines and a partial one: 4107 bytes
    const cases = [
      ["every byte, cut at line ends", [all.slice(0, 41 * 30), all.slice(41 * 30)], { lost: 0, garbled: 0, splitRotations: 0 }],
      ["cut inside a line", [all.slice(0, 100), all.slice(100)], { lost: 0, garbled: 0, splitRotations: 1 }],
      ["the last 3 lines and the partial one missing", [all.slice(0, 41 * 97)], { lost: 4, garbled: 0, splitRotations: 0 }],
      [
        "two lines with a changed byte",
        [`${all.slice(0, 5)}x${all.slice(6, 50)}y${all.slice(51)}`],
        { lost: 0, garbled: 2, splitRotations: 0 },
      ],
    ];
    for (const [name, texts, want] of cases) {
      const got = verify(files(dir, name, texts), all.length);
      assert.deepEqual({ lost: got.lost, garbled: got.garbled, splitRotations: got.splitRotations }, want, name);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
