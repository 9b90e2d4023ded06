module.exports = {
  displayName: 'messaging-contracts',
  preset: '../../../jest.preset.js',
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  coverageDirectory: '../../../coverage/libs/messaging/contracts',
};
