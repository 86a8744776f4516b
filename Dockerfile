# The portal's backend image, the Backstage way: build on the host, then copy
# the bundle in.
#
#   yarn install --immutable
#   yarn tsc
#   yarn build:all            # packages/backend/dist/{skeleton,bundle}.tar.gz, with the app
#   docker image build . -t service-ownership-portal
#
# Run it with PostgreSQL and the environment of app-config.production.yaml:
#   docker run -p 7007:7007 -e POSTGRES_CONNECTION_STRING=postgresql://... \
#     -e APP_BASE_URL=https://portal.example.com -e BACKEND_BASE_URL=https://portal.example.com \
#     -e AUTH_SESSION_SECRET=... -e OIDC_METADATA_URL=https://idp.example.com/.well-known/openid-configuration \
#     -e OIDC_CLIENT_ID=... -e OIDC_CLIENT_SECRET=... \
#     service-ownership-portal
FROM node:20-bookworm-slim

# better-sqlite3 (a dependency of the backend) compiles when no prebuilt binary
# is reachable
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt,sharing=locked \
    apt-get update && \
    apt-get install -y --no-install-recommends python3 g++ build-essential && \
    rm -rf /var/lib/apt/lists/*

USER node
WORKDIR /app
ENV NODE_ENV=production
ENV NODE_OPTIONS="--no-node-snapshot"
ENV npm_config_nodedir=/usr/local

COPY --chown=node:node .yarn/releases ./.yarn/releases
COPY --chown=node:node .yarnrc.yml yarn.lock package.json ./
COPY --chown=node:node packages/backend/dist/skeleton.tar.gz ./
RUN tar xzf skeleton.tar.gz && rm skeleton.tar.gz

RUN --mount=type=cache,target=/home/node/.yarn/berry/cache,sharing=locked,uid=1000,gid=1000 \
    node .yarn/releases/yarn-4.18.1.cjs workspaces focus --all --production

COPY --chown=node:node packages/backend/dist/bundle.tar.gz ./
RUN tar xzf bundle.tar.gz && rm bundle.tar.gz

COPY --chown=node:node app-config.yaml app-config.production.yaml ./
# the example catalog; app-config.production.yaml reads it from
# CATALOG_LOCATIONS_DIR (default /app/examples)
COPY --chown=node:node examples ./examples

# OpenTelemetry with a Prometheus endpoint, loaded before the backend (the
# bundle holds only dist)
COPY --chown=node:node packages/backend/src/instrumentation.js ./packages/backend/src/
ENV OTEL_EXPORTER_PROMETHEUS_HOST=0.0.0.0

ENV PORT=7007
EXPOSE 7007 9464
CMD ["node", "--require", "./packages/backend/src/instrumentation.js", "packages/backend", "--config", "app-config.yaml", "--config", "app-config.production.yaml"]
