# syntax=docker/dockerfile:1
# One image for every profile: the command picks it, e.g. `profiles/dev/main.ts` (the default: the whole
# product in one process on embedded PostgreSQL under /data) or `profiles/recurrence/main.ts` (a split
# consumer behind its Dapr sidecar). scripts/assemble-image.sh decides what the image holds; tests/image
# runs the profiles from its output as a non-root user.
FROM node:24.21.0-bookworm-slim AS build
ARG PNPM_VERSION=12.21.0
RUN npm install --global --no-audit --no-fund "pnpm@${PNPM_VERSION}"
WORKDIR /src
COPY pnpm-lock.yaml pnpm-workspace.yaml package.json ./
COPY packages ./packages
COPY profiles ./profiles
COPY web ./web
COPY tools ./tools
COPY tests ./tests
COPY bench ./bench
COPY scripts ./scripts
RUN pnpm install --frozen-lockfile && bash scripts/assemble-image.sh /app

FROM node:24.21.0-bookworm-slim
# CI passes these (and docker/metadata-action adds its own labels on top).
ARG VERSION=dev
ARG REVISION=unknown
ARG SOURCE=""
LABEL org.opencontainers.image.title="Tickler" \
      org.opencontainers.image.description="Self-hostable, event-driven task manager: one image, every profile" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.source="${SOURCE}"
# Listen on every interface (the kubelet probes the pod's address); the embedded database lives in /data.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    TICKLER_DATA_DIR=/data
# The files stay root's and read-only to the app; only /data (and /tmp) are written.
COPY --from=build /app /app
RUN mkdir /data && chown 10001:10001 /data
VOLUME ["/data"]
WORKDIR /app
USER 10001:10001
EXPOSE 4100
# Node is PID 1 and handles SIGTERM itself: readiness turns false, live streams end, requests in flight
# finish (10 s at most), then it exits.
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=3s --start-period=30s \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.APP_PORT ?? process.env.PORT ?? 4100}/livez`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node"]
CMD ["profiles/dev/main.ts"]
