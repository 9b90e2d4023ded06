module.exports = {
  displayName: 'ontraport-connector',
  preset: '../../jest.preset.js',
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  coverageDirectory: '../../coverage/apps/ontraport-connector',
};
