/**
 * How the specs look at a refusal. Test support only; not exported.
 */
import { CodecError, CodecErrorCode } from '../ontraport-xml.errors';

/** The `CodecError` that `run` throws; fails the test when it throws nothing or something else. */
export function failure(run: () => unknown): CodecError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CodecError);
    return error as CodecError;
  }
  throw new Error('expected a CodecError, nothing was thrown');
}

export function codeOf(run: () => unknown): CodecErrorCode {
  return failure(run).code;
}

/** `run` refuses its input at `path` with one of `codes` (by default: bad input, or a character XML cannot carry). */
export function expectRefused(
  run: () => unknown,
  path: string,
  codes: readonly CodecErrorCode[] = [
    'ONTRAPORT_BAD_INPUT',
    'XML_INVALID_CHARACTER',
  ],
): void {
  const error = failure(run);
  expect(codes).toContain(error.code);
  expect(error.path).toBe(path);
}
