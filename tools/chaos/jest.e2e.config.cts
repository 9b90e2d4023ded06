module.exports = {
  displayName: 'chaos',
  preset: '../../jest.preset.js',
  testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
  testTimeout: 600_000,
};
