# syntax=docker/dockerfile:1
# One image for every process: the API (serving the web app), the worker and the admin CLI (migrations).
#   docker build -t lantoa .
#   docker run … lantoa node dist/apps/worker/main.js

# ---- build: install everything, compile, then drop the dev dependencies ----
FROM node:20-bookworm-slim AS build
# argon2 is a native module: node-gyp needs these when no prebuilt binary fits.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
# The web app is an npm workspace: npm ci needs its manifest to install its dependencies.
COPY apps/web/package.json ./apps/web/package.json
RUN npm ci --no-audit --no-fund
COPY tsconfig.json nest-cli.json ./
COPY apps ./apps
COPY libs ./libs
RUN npm run build \
 && npm run build -w apps/web \
 && npm prune --omit=dev --no-audit --no-fund

# ---- runtime: compiled code and production dependencies only ----
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The built web app, served by the API at / (WEB_APP_DIR defaults to this path).
COPY --from=build /app/apps/web/dist ./apps/web/dist
# The evidence volume mounts here; created now so a fresh named volume belongs to node.
RUN mkdir -p /app/storage/evidence && chown -R node:node /app/storage
USER node
EXPOSE 3000
CMD ["node", "dist/apps/api/main.js"]
