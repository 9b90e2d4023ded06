module.exports = {
  displayName: 'codecs-xml-rpc',
  preset: '../../../jest.preset.js',
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  coverageDirectory: '../../../coverage/libs/codecs/xml-rpc',
};
