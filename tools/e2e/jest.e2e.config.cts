module.exports = {
  displayName: 'hub-e2e',
  preset: '../../jest.preset.js',
  testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
  testTimeout: 120_000,
};
