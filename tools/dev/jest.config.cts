module.exports = {
  displayName: 'dev-tools',
  preset: '../../jest.preset.js',
  testMatch: ['<rootDir>/**/*.spec.ts'],
  testTimeout: 60_000,
};
