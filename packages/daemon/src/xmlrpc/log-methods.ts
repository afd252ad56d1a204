import type { LogStream } from "@grace/protocol";
import type { LogBytes, LogRange, LogTarget } from "./backend.js";
import type { XmlRpcValue } from "./decode.js";
import type { ResponseValue } from "./encode.js";
import { XmlRpcFaults as F, isDaemonFailure, XmlRpcFault } from "./faults.js";
import { readRange, tailRange, tailWindow } from "./log-window.js";
import { findProcess, namespecOf, priorityOrder } from "./namespec.js";
import { readInt, readString } from "./params.js";
import type { MethodContext, MethodSpec, MethodTable } from "./table.js";

const noFile = (path: string) => new XmlRpcFault(F.NO_FILE, path || undefined);

/** A read of a log; a daemon failure is NO_FILE or FAILED, as supervisord's readFile reports. */
async function read(ctx: MethodContext, target: LogTarget, range: LogRange, path: string): Promise<LogBytes> {
  let got: LogBytes | null;
  try {
    got = await ctx.backend.readLog(target, range);
  } catch (e) {
    if (isDaemonFailure(e) && e.code === F.NO_FILE) throw noFile(path);
    throw new XmlRpcFault(F.FAILED);
  }
  if (got === null) throw noFile(path);
  return got;
}

/** readFile's answer; bad arguments are BAD_ARGUMENTS, but a missing file is reported first. */
async function readWithArgs(
  ctx: MethodContext,
  target: LogTarget,
  path: string,
  offset: XmlRpcValue,
  length: XmlRpcValue,
): Promise<string> {
  const o = readInt(offset, "offset");
  const l = readInt(length, "length");
  let range: LogRange;
  try {
    range = readRange(o, l, ctx.limits.maxLogBytes);
  } catch (fault) {
    await read(ctx, target, { fromEnd: 0 }, path);
    throw fault;
  }
  return (await read(ctx, target, range, path)).data.toString("utf8");
}

function processLog(stream: LogStream, ctx: MethodContext, name: XmlRpcValue) {
  const p = findProcess(ctx.backend.processes(), readString(name, "name"));
  return { target: { process: p.fullName, stream }, path: stream === "stdout" ? p.stdout_logfile : p.stderr_logfile };
}

function readProcessLog(stream: LogStream): MethodSpec {
  return {
    returns: "string",
    params: ["string", "int", "int"],
    help: `Read ${stream} log bytes of a process: length bytes from offset (0 = to the end), or with a negative offset that many from the end.`,
    run: ([name, offset, length], ctx) => {
      const { target, path } = processLog(stream, ctx, name);
      return readWithArgs(ctx, target, path, offset, length);
    },
  };
}

function tailProcessLog(stream: LogStream): MethodSpec {
  return {
    returns: "array",
    params: ["string", "int", "int"],
    help: `Tail a process's ${stream} log: [bytes, next offset, overflow]; at most length bytes, the latest ones when more than offset + length exist.`,
    run: async ([name, rawOffset, rawLength], ctx): Promise<ResponseValue> => {
      const { target } = processLog(stream, ctx, name);
      const offset = readInt(rawOffset, "offset");
      const length = readInt(rawLength, "length");
      try {
        return tailWindow(await ctx.backend.readLog(target, tailRange(length, ctx.limits.maxLogBytes)), offset, length);
      } catch {
        return ["", offset, false]; // supervisord answers a failed read with nothing new
      }
    },
  };
}

async function clearOne(ctx: MethodContext, fullName: string, name: string): Promise<true> {
  try {
    await ctx.backend.clearLog({ process: fullName });
  } catch {
    throw new XmlRpcFault(F.FAILED, name);
  }
  return true;
}

/** sendProcessStdin takes text or bytes; anything else is quoted as supervisord quotes it. */
function readChars(v: XmlRpcValue): Buffer {
  if (typeof v === "string") return Buffer.from(v, "utf8");
  if (Buffer.isBuffer(v)) return v;
  const shown = typeof v === "number" ? String(v) : typeof v === "boolean" ? (v ? "True" : "False") : "a value that is not text";
  throw new XmlRpcFault(F.INCORRECT_PARAMETERS, shown);
}

const readMain: MethodSpec = {
  returns: "string",
  params: ["int", "int"],
  help: "Read graced's own log: length bytes from offset (0 = to the end), or with a negative offset that many from the end.",
  run: ([offset, length], ctx) => readWithArgs(ctx, { main: true }, "", offset, length),
};

const clearProcess: MethodSpec = {
  returns: "boolean",
  params: ["string"],
  help: "Empty a process's stdout and stderr logs (and their backups).",
  run: ([rawName], ctx) => {
    const name = readString(rawName, "name");
    return clearOne(ctx, findProcess(ctx.backend.processes(), name).fullName, name);
  },
};

export const logMethods: MethodTable = {
  "supervisor.readLog": readMain,
  "supervisor.readMainLog": readMain,
  "supervisor.clearLog": {
    returns: "boolean",
    params: [],
    help: "Empty graced's own log.",
    run: async (_, ctx) => {
      await ctx.backend.clearLog({ main: true });
      return true;
    },
  },
  "supervisor.readProcessStdoutLog": readProcessLog("stdout"),
  "supervisor.readProcessLog": readProcessLog("stdout"),
  "supervisor.readProcessStderrLog": readProcessLog("stderr"),
  "supervisor.tailProcessStdoutLog": tailProcessLog("stdout"),
  "supervisor.tailProcessLog": tailProcessLog("stdout"),
  "supervisor.tailProcessStderrLog": tailProcessLog("stderr"),
  "supervisor.clearProcessLogs": clearProcess,
  "supervisor.clearProcessLog": clearProcess,
  "supervisor.clearAllProcessLogs": {
    returns: "array",
    params: [],
    help: "Empty the logs of every process; one status struct per process.",
    run: async (_, ctx) => {
      const results: ResponseValue[] = [];
      for (const p of priorityOrder(ctx.backend.processes())) {
        try {
          await clearOne(ctx, p.fullName, namespecOf(p));
          results.push({ name: p.name, group: p.group, status: F.SUCCESS, description: "OK" });
        } catch (e) {
          const fault = e as XmlRpcFault;
          results.push({ name: p.name, group: p.group, status: fault.code, description: fault.text });
        }
      }
      return results;
    },
  },
  "supervisor.sendProcessStdin": {
    returns: "boolean",
    params: ["string", "string"],
    help: "Write text to a running process's stdin (UTF-8; base64 is written as its bytes).",
    run: async ([rawName, rawChars], ctx) => {
      const chars = readChars(rawChars);
      const name = readString(rawName, "name");
      const p = findProcess(ctx.backend.processes(), name);
      if (p.pid === 0 || p.statename === "STOPPING") throw new XmlRpcFault(F.NOT_RUNNING, name);
      try {
        await ctx.backend.writeStdin(p.fullName, chars);
      } catch (e) {
        if (isDaemonFailure(e) && e.code === F.NO_FILE) throw new XmlRpcFault(F.NO_FILE, name);
        throw e;
      }
      return true;
    },
  },
};
