import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, renameSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { after, BATCH, FileSink, HOLD_MS, LINE_HOLD } from "./file-sink.js";

const dirFor = () => mkdtempSync(join(tmpdir(), "grace-sink-"));
const lines = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `line ${String(from + i).padStart(4, "0")}\n`).join("");

function sink(path: string, maxbytes: number, backups: number, errors: string[] = []) {
  return new FileSink({ path, maxbytes, backups, what: "test log", onError: (m) => errors.push(m) });
}

describe("FileSink rotation", () => {
  it("never lets a file pass maxbytes, cuts between lines, and shifts backups .1 → .N", async () => {
    const path = join(dirFor(), "app.log");
    const s = sink(path, 100, 2);
    // 40 lines of 10 bytes = 400 bytes: 4 files' worth, the oldest falls off the end
    for (let i = 1; i <= 40; i++) s.write(Buffer.from(lines(i, i)));
    await s.flush();
    for (const f of [path, `${path}.1`, `${path}.2`]) assert.ok(statSync(f).size <= 100, `${f} is within maxbytes`);
    assert.equal(existsSync(`${path}.3`), false, "only 2 backups are kept");
    assert.equal(readFileSync(`${path}.2`, "utf8"), lines(11, 20));
    assert.equal(readFileSync(`${path}.1`, "utf8"), lines(21, 30));
    assert.equal(readFileSync(path, "utf8"), lines(31, 40));
    await s.close();
  });

  it("cuts one big chunk at line ends across several files, losing nothing that is kept", async () => {
    const path = join(dirFor(), "big.log");
    const s = sink(path, 95, 5);
    s.write(Buffer.from(lines(1, 30))); // 300 bytes in one write
    await s.flush();
    const kept = [`${path}.3`, `${path}.2`, `${path}.1`, path].map((f) => readFileSync(f, "utf8"));
    assert.equal(kept.join(""), lines(1, 30));
    for (const k of kept) assert.ok(k.length <= 95 && k.endsWith("\n"), "each file ends on a whole line");
    await s.close();
  });

  it("a write that fills the file exactly in the middle of a line leaves the whole line for the next file", async () => {
    const path = join(dirFor(), "exact.log");
    const s = sink(path, 95, 5);
    const text = lines(1, 30); // 10-byte lines
    // each write ends mid-line; the first two together fill the file to exactly 95 bytes
    for (const [from, to] of [
      [0, 45],
      [45, 95],
      [95, 213],
      [213, 300],
    ]) {
      s.write(Buffer.from(text.slice(from, to)));
      await s.readTail(0); // waits for the write, as flush would, without writing a held line
    }
    await s.flush();
    const kept = [5, 4, 3, 2, 1, 0]
      .map((i) => (i ? `${path}.${i}` : path))
      .filter(existsSync)
      .map((f) => readFileSync(f, "utf8"));
    assert.equal(kept.join(""), text);
    for (const k of kept) assert.ok(k.length <= 95 && k.endsWith("\n"), `each file ends on a whole line: ${JSON.stringify(k.slice(-12))}`);
    await s.close();
  });

  it("a partial line held back near maxbytes is in tail at once, in the file after flush or close", async () => {
    const path = join(dirFor(), "held.log");
    const s = sink(path, 100, 1);
    s.write(Buffer.from("one\nprompt> "));
    assert.deepEqual(await s.readTail(9), { data: Buffer.from("\nprompt> "), size: 12 });
    assert.equal(readFileSync(path, "utf8"), "one\n");
    await s.flush();
    assert.equal(readFileSync(path, "utf8"), "one\nprompt> ");
    s.write(Buffer.from("answer\nnext"));
    await s.close();
    assert.equal(readFileSync(path, "utf8"), "one\nprompt> answer\nnext");
  });

  it("a partial line held back near maxbytes goes to the file by itself when nothing follows it", async () => {
    const path = join(dirFor(), "prompt.log");
    const s = sink(path, 100, 1);
    s.write(Buffer.from("one\nprompt> "));
    await s.readTail(0);
    assert.equal(readFileSync(path, "utf8"), "one\n", "held at first");
    const deadline = Date.now() + 10 * HOLD_MS;
    while (readFileSync(path, "utf8") !== "one\nprompt> " && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.equal(readFileSync(path, "utf8"), "one\nprompt> ");
    await s.close();
  });

  it("with backups 0 starts the file over at maxbytes", async () => {
    const path = join(dirFor(), "nb.log");
    const s = sink(path, 50, 0);
    s.write(Buffer.from(lines(1, 7)));
    await s.flush();
    assert.equal(readFileSync(path, "utf8"), lines(6, 7));
    assert.equal(existsSync(`${path}.1`), false);
    await s.close();
  });

  it("appends to an existing file and counts its size toward maxbytes", async () => {
    const path = join(dirFor(), "app.log");
    const first = sink(path, 100, 1);
    first.write(Buffer.from(lines(1, 8)));
    await first.close();
    const second = sink(path, 100, 1);
    second.write(Buffer.from(lines(9, 12)));
    await second.flush();
    assert.equal(readFileSync(`${path}.1`, "utf8"), lines(1, 10));
    assert.equal(readFileSync(path, "utf8"), lines(11, 12));
    await second.close();
  });
});

describe("FileSink under a flood", () => {
  // several batches waiting while one is written go out together (one writev, one trip to the
  // thread pool), in order; near maxbytes they go one by one, cut at line ends as before
  const flood = (n: number) => Buffer.from(lines(1, n));

  it("batches queued together land whole and in order", async () => {
    const path = join(dirFor(), "flood.log");
    const s = sink(path, 0, 0);
    const data = flood(Math.ceil((BATCH * 5) / 10)); // five batches' worth, written before the first write starts
    for (let at = 0; at < data.length; at += 4096) s.write(data.subarray(at, at + 4096));
    await s.flush();
    assert.ok(readFileSync(path).equals(data));
    await s.close();
  });

  it("near maxbytes the queued batches still rotate at line ends, nothing lost", async () => {
    const path = join(dirFor(), "near.log");
    const maxbytes = BATCH * 2 + LINE_HOLD;
    const s = sink(path, maxbytes, 3);
    const data = flood(Math.ceil((BATCH * 5) / 10));
    for (let at = 0; at < data.length; at += 4096) s.write(data.subarray(at, at + 4096));
    await s.flush();
    const files = [`${path}.2`, `${path}.1`, path].filter(existsSync);
    assert.ok(Buffer.concat(files.map((f) => readFileSync(f))).equals(data));
    for (const f of files) {
      const text = readFileSync(f, "utf8");
      assert.ok(text.length <= maxbytes && text.endsWith("\n"), `${f} is within maxbytes and ends on a line`);
    }
    await s.close();
  });

  const table: { parts: string[]; n: number; rest: string[] }[] = [
    { parts: ["abc", "def"], n: 0, rest: ["abc", "def"] },
    { parts: ["abc", "def"], n: 2, rest: ["c", "def"] },
    { parts: ["abc", "def"], n: 3, rest: ["def"] },
    { parts: ["abc", "def"], n: 4, rest: ["ef"] },
    { parts: ["abc", "def"], n: 6, rest: [] },
  ];
  for (const t of table) {
    it(`after a short write of ${t.n} of ${JSON.stringify(t.parts)}: ${JSON.stringify(t.rest)}`, () => {
      assert.deepEqual(
        after(
          t.parts.map((p) => Buffer.from(p)),
          t.n,
        ).map((b) => b.toString()),
        t.rest,
      );
    });
  }
});

describe("FileSink operations", () => {
  it("reopen recreates a file that was moved away", async () => {
    const path = join(dirFor(), "app.log");
    const s = sink(path, 0, 0);
    s.write(Buffer.from("before\n"));
    await s.flush();
    renameSync(path, `${path}.old`);
    s.reopen();
    s.write(Buffer.from("after\n"));
    await s.flush();
    assert.equal(readFileSync(`${path}.old`, "utf8"), "before\n");
    assert.equal(readFileSync(path, "utf8"), "after\n");
    await s.close();
  });

  it("readTail sees every byte accepted before it, even if not yet written", async () => {
    const path = join(dirFor(), "app.log");
    const s = sink(path, 0, 0);
    s.write(Buffer.from(lines(1, 100)));
    const tail = await s.readTail(20);
    assert.equal(tail.data.toString(), lines(99, 100));
    assert.equal(tail.size, 1000);
    await s.close();
  });

  it("clear empties the file and removes its backups", async () => {
    const path = join(dirFor(), "app.log");
    const s = sink(path, 30, 2);
    s.write(Buffer.from(lines(1, 9)));
    await s.clear();
    assert.equal(readFileSync(path, "utf8"), "");
    assert.equal(existsSync(`${path}.1`), false);
    await s.close();
  });

  it("a full disk is reported once, and writing goes on", async () => {
    const errors: string[] = [];
    const s = sink("/dev/full", 10, 1, errors);
    for (let i = 0; i < 50; i++) s.write(Buffer.from(lines(i, i)));
    await s.flush();
    assert.equal(errors.length, 1, errors.join("\n"));
    assert.match(errors[0] as string, /cannot write test log: ENOSPC/);
    assert.equal(s.write(Buffer.from("more\n")), true, "still accepts output");
    await s.close();
  });

  it("a directory that cannot be opened is reported once", async () => {
    const errors: string[] = [];
    const s = sink(join(dirFor(), "missing-dir", "app.log"), 0, 0, errors);
    s.write(Buffer.from("a\n"));
    s.write(Buffer.from("b\n"));
    await s.flush();
    assert.equal(errors.length, 1);
    assert.match(errors[0] as string, /ENOENT/);
  });
});
