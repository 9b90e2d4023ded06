module.exports = {
  displayName: 'mapping-rules',
  preset: '../../../jest.preset.js',
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  coverageDirectory: '../../../coverage/libs/mapping/rules',
};
