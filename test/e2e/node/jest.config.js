// Configuration of `npm run test:e2e:node`: the real-node suite only (test/e2e/node/, root on Linux), apart from
// `npm run test:e2e` because it needs root and changes the host while it runs (scripts/node.sh).
const e2e = require('../jest.config.js');

module.exports = {
  ...e2e,
  rootDir: '../../..',
  testMatch: ['<rootDir>/test/e2e/node/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
};
