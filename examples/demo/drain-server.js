// Serves "ok" on a Unix socket; on SIGTERM it stops accepting and takes DRAIN seconds to finish.
const net = require("node:net");
const drain = Number(process.argv[2] ?? 2);
const path = `/tmp/grace-demo/api-${process.pid}.sock`;
const server = net.createServer((c) => c.end("ok\n")).listen(path);
console.log(`api: listening on ${path}`);
process.on("SIGTERM", () => {
  console.log(`api: SIGTERM, draining for ${drain}s`);
  server.close();
  setTimeout(() => {
    console.log("api: drained, bye");
    process.exit(0);
  }, drain * 1000);
});
