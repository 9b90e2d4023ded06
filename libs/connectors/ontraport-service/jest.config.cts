module.exports = {
  displayName: 'ontraport-service',
  preset: '../../../jest.preset.js',
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  coverageDirectory: '../../../coverage/libs/connectors/ontraport-service',
};
