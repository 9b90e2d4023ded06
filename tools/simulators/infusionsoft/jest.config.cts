module.exports = {
  displayName: 'infusionsoft-simulator',
  preset: '../../../jest.preset.js',
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  coverageDirectory: '../../../coverage/tools/simulators/infusionsoft',
};
