import { createHttpApp, HttpConfig, loadConfig } from '@hub/platform';
import { OrderImportModule } from './app/order-import.module';

const DEFAULT_PORT = 3002;

async function bootstrap(): Promise<void> {
  const http = loadConfig(HttpConfig);
  const app = await createHttpApp(OrderImportModule.register(), { title: 'order-import — importOrder API' });
  await app.listen(http.PORT || DEFAULT_PORT, http.HOST);
}

void bootstrap();
