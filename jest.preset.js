// One jest preset for every project: @swc/jest transpiles (keeping decorator metadata for
// NestJS/TypeORM); type checking is the separate `typecheck` target.
const nxPreset = require('@nx/jest/preset').default;

process.env.TZ = 'UTC';
// Services started inside a test log warnings and errors only, unless asked otherwise.
process.env.LOG_LEVEL ??= 'warn';

module.exports = {
  ...nxPreset,
  testEnvironment: 'node',
  transform: {
    '^.+\\.[tj]s$': [
      '@swc/jest',
      {
        jsc: {
          target: 'es2022',
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
          keepClassNames: true,
        },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  setupFiles: [require.resolve('reflect-metadata')],
};
