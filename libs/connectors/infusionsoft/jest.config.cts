module.exports = {
  displayName: 'infusionsoft-core',
  preset: '../../../jest.preset.js',
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  coverageDirectory: '../../../coverage/libs/connectors/infusionsoft',
};
