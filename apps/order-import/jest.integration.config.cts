module.exports = {
  displayName: 'order-import:integration',
  preset: '../../jest.preset.js',
  testMatch: ['<rootDir>/test/**/*.integration-spec.ts'],
  testTimeout: 30_000,
};
