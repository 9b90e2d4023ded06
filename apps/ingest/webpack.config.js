const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('path');

module.exports = {
  output: {
    path: join(__dirname, '../../dist/apps/ingest'),
    clean: true,
    ...(process.env.NODE_ENV !== 'production' && {
      devtoolModuleFilenameTemplate: '[absolute-resource-path]',
    }),
  },
  plugins: [
    new NxAppWebpackPlugin({
      target: 'node',
      compiler: 'tsc',
      main: './src/main.ts',
      // The translation worker's thread entry lives in the feature lib (@hub/ingest-service); it is
      // bundled next to main.js, where DeliveryTranslator looks for it.
      additionalEntryPoints: [
        { entryName: 'translation.worker', entryPath: join(__dirname, '../../libs/ingest/service/src/lib/webhooks/translation/translation.worker.ts') },
      ],
      tsConfig: './tsconfig.app.json',
      optimization: false,
      outputHashing: 'none',
      generatePackageJson: false,
      sourceMap: true,
    }),
  ],
};
