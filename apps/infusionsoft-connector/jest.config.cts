module.exports = {
  displayName: 'infusionsoft-connector',
  preset: '../../jest.preset.js',
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  coverageDirectory: '../../coverage/apps/infusionsoft-connector',
};
