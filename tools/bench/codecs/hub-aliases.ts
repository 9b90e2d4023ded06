/**
 * Lets `npx tsx tools/bench/codecs/xml-codecs.bench.ts` resolve the `@hub/*` aliases of
 * tsconfig.base.json: tsx reads path aliases only from a `tsconfig.json`, and the workspace has
 * none at its root. Import this module before anything that imports a `@hub/*` lib.
 */
import Module from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');
const { compilerOptions } = JSON.parse(
  readFileSync(join(root, 'tsconfig.base.json'), 'utf8'),
) as { compilerOptions: { paths: Record<string, string[]> } };
const aliases = new Map(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [
    alias,
    join(root, target),
  ]),
);

type Resolve = (request: string, ...rest: unknown[]) => string;
// Node's CommonJS resolver hook is not part of its typed API.
const loader = Module as unknown as { _resolveFilename: Resolve };
const resolve = loader._resolveFilename;
loader._resolveFilename = function (this: unknown, request, ...rest) {
  return resolve.call(this, aliases.get(request) ?? request, ...rest);
};
