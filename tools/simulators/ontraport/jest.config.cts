module.exports = {
  displayName: 'ontraport-simulator',
  preset: '../../../jest.preset.js',
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  coverageDirectory: '../../../coverage/tools/simulators/ontraport',
};
