// flood-writer.cjs BYTES STARTFILE: writes BYTES of numbered 100-byte lines to stdout as fast
// as it can ("0000000042 xxx…\n"), after writing its start time (ms) to STARTFILE.
// The numbers are counted up in place as ASCII digits, not formatted by JS: the writer costs
// a fraction of what the daemons do, so the bench measures the daemons (on 2 cores, a writer
// formatting strings took about as much CPU as the daemon reading its output).
const fs = require("node:fs");
const total = Number(process.argv[2]);
const LINE = 100;
const DIGITS = 10;
const PER_CHUNK = 10_000;
const ZERO = 0x30;
const chunk = Buffer.alloc(LINE * PER_CHUNK, "x");
const lines = total / LINE;

/** Line i of the chunk holds the number i (the chunk starts at line 0). */
for (let i = 0; i < PER_CHUNK; i++) {
  chunk.write(String(i).padStart(DIGITS, "0"), i * LINE, "latin1");
  chunk[i * LINE + DIGITS] = 0x20;
  chunk[i * LINE + LINE - 1] = 0x0a;
}

/** Add PER_CHUNK to every line's number, digit by digit (PER_CHUNK is a power of ten). */
const STEP_DIGIT = DIGITS - String(PER_CHUNK).length;
function advance() {
  for (let at = 0; at < chunk.length; at += LINE) {
    let d = at + STEP_DIGIT;
    while (chunk[d] === ZERO + 9) chunk[d--] = ZERO;
    chunk[d]++;
  }
}

fs.writeFileSync(process.argv[3], String(Date.now()));
for (let n = 0; n < lines; n += PER_CHUNK) {
  if (n > 0) advance();
  let buf = chunk.subarray(0, Math.min(PER_CHUNK, lines - n) * LINE);
  while (buf.length > 0) buf = buf.subarray(fs.writeSync(1, buf));
}
