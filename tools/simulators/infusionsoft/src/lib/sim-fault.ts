/**
 * A fault the simulator answers with, in Infusionsoft's formats (reference B.4): `[Tag]message`
 * with the gem's code map, `No such handler: …` for unknown methods, Java exception text for the
 * transient and throttling faults.
 */
export class SimFault extends Error {
  constructor(
    readonly faultCode: number,
    readonly faultString: string,
  ) {
    super(faultString);
  }
}

export const FAULTS = {
  invalidKey: () => new SimFault(2, '[InvalidKey]Invalid Key'),
  noSuchHandler: (method: string) => new SimFault(0, `No such handler: ${method}`),
  parse: (detail: string) => new SimFault(0, `Failed to parse XML-RPC request: ${detail}`),
  invalidParameter: (detail: string) => new SimFault(12, `[InvalidParameter]${detail}`),
  transient: () => new SimFault(500, 'Server encountered exception: java.lang.IllegalStateException: Cannot create a session after the response has been committed'),
  throttled: () => new SimFault(500, 'Server encountered exception: com.infusionsoft.throttle.ThrottlingException: Maximum number of threads throttled'),
};
