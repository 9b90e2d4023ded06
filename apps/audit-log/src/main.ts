import { startConsumers } from '@hub/messaging-nest';
import { createHttpApp, HttpConfig, loadConfig } from '@hub/platform';
import { AuditLogModule } from './app/audit-log.module';

const DEFAULT_PORT = 3003;

async function bootstrap(): Promise<void> {
  const http = loadConfig(HttpConfig);
  const app = await createHttpApp(AuditLogModule.register(), { title: 'audit-log — transmission log' });
  await startConsumers(app);
  await app.listen(http.PORT || DEFAULT_PORT, http.HOST);
}

void bootstrap();
