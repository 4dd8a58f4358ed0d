# Aether's own image: the control service with the dashboard it serves, and the builder worker
# (same image, another command). The base image is an argument so that a host that cannot pull
# (an air-gapped one, the test bed) names its own.
ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund

FROM deps AS build
COPY tsconfig.json tsconfig.build.json ./
COPY contract contract
COPY shared shared
COPY control control
COPY builder builder
COPY web web
RUN npx tsc -p tsconfig.build.json && npx vite build --config web/vite.config.ts

FROM deps AS runtime-deps
RUN npm prune --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE}
# The builder clones repositories over HTTPS with git; the firewall service runs iptables.
RUN apt-get update \
 && apt-get install -y --no-install-recommends git ca-certificates iptables \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production AETHER_WEB_DIR=web/dist PORT=3000
# A 1 MB young generation instead of 16: control idles at about 95 MB instead of 120, for a few
# more (short) scavenges under load (bench/results.md measures both).
ENV NODE_OPTIONS=--max-semi-space-size=1
COPY package.json ./
COPY --from=runtime-deps /app/node_modules node_modules
COPY --from=build /app/dist dist
# Where control looks for them beside its compiled modules (db/database.ts, routing/route-files.ts).
COPY control/drizzle dist/control/drizzle
COPY traefik/dynamic dist/traefik/dynamic
COPY --from=build /app/web/dist web/dist
# No USER: control and the builder drive the Docker socket, which is root on the host whoever
# holds it.
# Isolation comes from never handing that socket to user code (builds, deployments).
EXPOSE 3000
CMD ["node", "dist/control/src/main.js"]
