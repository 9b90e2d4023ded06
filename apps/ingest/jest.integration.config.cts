// Translation worker threads run from the TypeScript sources through @swc-node/register, which
// needs the workspace's path aliases.
process.env.SWC_NODE_PROJECT ??= require('node:path').resolve(__dirname, '../../tsconfig.base.json');

module.exports = {
  displayName: 'ingest:integration',
  preset: '../../jest.preset.js',
  testMatch: ['<rootDir>/test/**/*.integration-spec.ts'],
  testTimeout: 30_000,
};
