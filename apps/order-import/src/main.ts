import { startConsumers } from '@hub/messaging-nest';
import { ORDER_IMPORT_HTTP_OPTIONS } from '@hub/order-import-service';
import { createHttpApp, HttpConfig, loadConfig } from '@hub/platform';
import { OrderImportModule } from './app/order-import.module';

const DEFAULT_PORT = 3002;

async function bootstrap(): Promise<void> {
  const http = loadConfig(HttpConfig);
  const app = await createHttpApp(OrderImportModule.register(), { ...ORDER_IMPORT_HTTP_OPTIONS, title: 'order-import — channel partner importOrder API', bodyLimit: http.HTTP_BODY_LIMIT });
  await startConsumers(app);
  await app.listen(http.PORT || DEFAULT_PORT, http.HOST);
}

void bootstrap();
