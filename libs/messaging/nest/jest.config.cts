module.exports = {
  displayName: 'messaging-nest',
  preset: '../../../jest.preset.js',
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  coverageDirectory: '../../../coverage/libs/messaging/nest',
};
