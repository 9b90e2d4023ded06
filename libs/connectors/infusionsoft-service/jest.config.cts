module.exports = {
  displayName: 'infusionsoft-service',
  preset: '../../../jest.preset.js',
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  coverageDirectory: '../../../coverage/libs/connectors/infusionsoft-service',
};
