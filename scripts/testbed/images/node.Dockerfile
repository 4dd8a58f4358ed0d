# Stands in for node:<major>-bookworm-slim: Node.js, npm and Corepack from the npm registry on
# the Debian base, laid out as in the official image (binaries in /usr/local, a `node` user with
# uid 1000). The machine's CA bundle goes in so `npm ci` inside a build reaches the registry.
ARG BASE
FROM ${BASE}
COPY usr /usr
COPY etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
 && ln -s ../lib/node_modules/corepack/dist/corepack.js /usr/local/bin/corepack \
 && groupadd --gid 1000 node \
 && useradd --uid 1000 --gid node --shell /bin/bash --create-home node
ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
# The registry this machine reaches serves package metadata without the signatures Corepack
# checks before it fetches pnpm or yarn (the public registry has them); the tarball's own
# integrity hash is still verified.
ENV COREPACK_INTEGRITY_KEYS=0
# Corepack fetches Yarn 2+ from repo.yarnpkg.com, out of reach here; the registry has the same
# release as @yarnpkg/cli-dist.
ENV COREPACK_NPM_REGISTRY=https://registry.npmjs.org
CMD ["node"]
