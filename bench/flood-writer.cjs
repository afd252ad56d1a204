// flood-writer.cjs BYTES STARTFILE: writes BYTES of numbered 100-byte lines to stdout as fast
// as it can ("0000000042 xxx…\n"), after writing its start time (ms) to STARTFILE.
const fs = require("node:fs");
const total = Number(process.argv[2]);
fs.writeFileSync(process.argv[3], String(Date.now()));
const LINE = 100;
const PER_CHUNK = 10_000;
const filler = Buffer.from(` ${"x".repeat(LINE - 12)}\n`);
const chunk = Buffer.alloc(LINE * PER_CHUNK);
for (let i = 0; i < PER_CHUNK; i++) filler.copy(chunk, i * LINE + 10);
const lines = total / LINE;
for (let n = 0; n < lines; n += PER_CHUNK) {
  const count = Math.min(PER_CHUNK, lines - n);
  for (let i = 0; i < count; i++) chunk.write(String(n + i).padStart(10, "0"), i * LINE, "latin1");
  let buf = chunk.subarray(0, count * LINE);
  while (buf.length > 0) buf = buf.subarray(fs.writeSync(1, buf));
}
