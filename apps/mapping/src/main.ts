import { startConsumers } from '@hub/messaging-nest';
import { createHttpApp, HttpConfig, loadConfig } from '@hub/platform';
import { MappingModule } from './app/mapping.module';

const DEFAULT_PORT = 3001;

async function bootstrap(): Promise<void> {
  const http = loadConfig(HttpConfig);
  const app = await createHttpApp(MappingModule.register(), { title: 'mapping — merchant config and cascade rules' });
  await startConsumers(app);
  await app.listen(http.PORT || DEFAULT_PORT, http.HOST);
}

void bootstrap();
