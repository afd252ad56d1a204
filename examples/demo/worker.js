// A worker that finishes its current job before leaving on SIGTERM.
let job = 0;
const timer = setInterval(() => console.log(`worker: finished job ${++job}`), 4000);
process.on("SIGTERM", () => {
  console.log("worker: SIGTERM, finishing the current job");
  clearInterval(timer);
  setTimeout(() => process.exit(0), 500);
});
