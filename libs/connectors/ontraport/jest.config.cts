module.exports = {
  displayName: 'ontraport-core',
  preset: '../../../jest.preset.js',
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  coverageDirectory: '../../../coverage/libs/connectors/ontraport',
};
