# One image for every hub service, the migration job and the simulators (see docker-compose.yml,
# which picks the process with `command:`). Build: docker build -t hub-app:local .
FROM node:20-bookworm-slim

WORKDIR /app

# Manifests first, so the dependency layer is reused until package*.json change.
COPY package*.json ./
RUN npm ci --no-audit --no-fund

COPY . .

# No Nx daemon or Nx Cloud prompt inside a non-interactive build.
RUN NX_DAEMON=false NX_NO_CLOUD=true npx nx run-many -t build --projects=tag:type:app

# Default process; docker-compose.yml overrides it per service.
CMD ["node", "dist/apps/ingest/main.js"]
