module.exports = {
  displayName: 'codecs-ontraport-xml',
  preset: '../../../jest.preset.js',
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  coverageDirectory: '../../../coverage/libs/codecs/ontraport-xml',
};
