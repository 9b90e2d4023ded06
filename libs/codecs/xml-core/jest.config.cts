module.exports = {
  displayName: 'codecs-xml-core',
  preset: '../../../jest.preset.js',
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  coverageDirectory: '../../../coverage/libs/codecs/xml-core',
};
