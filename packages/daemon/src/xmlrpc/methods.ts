import { daemonMethods } from "./daemon-methods.js";
import type { XmlRpcValue } from "./decode.js";
import type { ResponseValue } from "./encode.js";
import { XmlRpcFaults as F, XmlRpcFault } from "./faults.js";
import { logMethods } from "./log-methods.js";
import { readString } from "./params.js";
import { processMethods } from "./process-methods.js";
import { callMethod, type MethodContext, type MethodSpec, type MethodTable } from "./table.js";

const MULTICALL = "system.multicall";

/** One call of a multicall: its value, or a fault struct, as supervisord answers each. */
async function oneOf(table: MethodTable, call: XmlRpcValue, ctx: MethodContext): Promise<ResponseValue> {
  try {
    if (call === null || typeof call !== "object" || Array.isArray(call) || Buffer.isBuffer(call) || call instanceof Date) {
      throw new XmlRpcFault(F.INCORRECT_PARAMETERS, "each call must be a struct of methodName and params");
    }
    const { methodName, params = [] } = call as { methodName?: XmlRpcValue; params?: XmlRpcValue };
    if (methodName === undefined) throw new XmlRpcFault(F.INCORRECT_PARAMETERS, "No methodName");
    const name = readString(methodName, "methodName");
    if (name === MULTICALL) throw new XmlRpcFault(F.INCORRECT_PARAMETERS, "Recursive system.multicall forbidden");
    if (!Array.isArray(params)) throw new XmlRpcFault(F.INCORRECT_PARAMETERS, "params must be an array");
    // supervisord puts each result in the list as it is, not wrapped in a one-element array
    return await callMethod(table, name, params, ctx);
  } catch (e) {
    const fault = e instanceof XmlRpcFault ? e : new XmlRpcFault(F.FAILED, (e as Error).message);
    return { faultCode: fault.code, faultString: fault.text };
  }
}

function systemMethods(table: MethodTable): MethodTable {
  const known = (v: XmlRpcValue): MethodSpec => {
    const name = readString(v, "name");
    if (!Object.hasOwn(table, name)) throw new XmlRpcFault(F.SIGNATURE_UNSUPPORTED);
    return table[name];
  };
  return {
    "system.listMethods": {
      returns: "array",
      params: [],
      help: "The names of every method, sorted.",
      run: () => Object.keys(table).sort(),
    },
    "system.methodHelp": {
      returns: "string",
      params: ["string"],
      help: "What a method does.",
      run: ([name]) => known(name).help,
    },
    "system.methodSignature": {
      returns: "array",
      params: ["string"],
      help: "A method's signature: [return type, parameter types…].",
      run: ([name]) => {
        const spec = known(name);
        return [spec.returns, ...spec.params];
      },
    },
    [MULTICALL]: {
      returns: "array",
      params: ["array"],
      help: "Run calls ({methodName, params} structs) one after another; each answer is its value or a {faultCode, faultString} struct.",
      run: async ([calls], ctx) => {
        if (!Array.isArray(calls)) throw new XmlRpcFault(F.INCORRECT_PARAMETERS, "calls must be an array");
        const max = ctx.limits.maxMulticall;
        if (calls.length > max)
          throw new XmlRpcFault(F.INCORRECT_PARAMETERS, `a multicall holds at most ${max} calls, this one ${calls.length}`);
        const results: ResponseValue[] = [];
        for (const call of calls) results.push(await oneOf(table, call, ctx));
        return results;
      },
    },
  };
}

/** Every method graced serves: supervisord's `supervisor.*` namespace (API 3.0) and `system.*`. */
export function methodTable(): MethodTable {
  const table: MethodTable = { ...daemonMethods, ...processMethods, ...logMethods };
  Object.assign(table, systemMethods(table));
  return table;
}
