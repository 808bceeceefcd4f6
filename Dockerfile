# kamervragen in a container: docker compose up -d (see compose.yaml and the README).
# Two stages on the same slim Python: the first builds a virtual environment, the second
# runs it as a user without rights, with the database on the /data volume.

FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml README.md ./
COPY kamervragen/ kamervragen/
COPY bot/ bot/
COPY watchers/ watchers/
COPY storage/ storage/
RUN python -m venv /opt/kamervragen \
    && /opt/kamervragen/bin/pip install .

FROM python:3.11-slim
RUN groupadd --system --gid 10001 kamervragen \
    && useradd --system --uid 10001 --gid kamervragen --home-dir /data --no-create-home \
       --shell /usr/sbin/nologin kamervragen \
    && mkdir /data && chown kamervragen:kamervragen /data && chmod 0700 /data
COPY --from=build /opt/kamervragen /opt/kamervragen
ENV PATH=/opt/kamervragen/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    KAMERVRAGEN_DB=/data/kamervragen.db \
    KAMERVRAGEN_LOG_FORMAT=json \
    KAMERVRAGEN_LOG_LEVEL=INFO
USER kamervragen:kamervragen
WORKDIR /data
VOLUME ["/data"]
# The Prometheus endpoint, when KAMERVRAGEN_METRICS_PORT=9100 (and _LISTEN=0.0.0.0) are set.
EXPOSE 9100
# Healthy while the bot polls its sources (reads the database only; no network).
HEALTHCHECK --interval=60s --timeout=10s --start-period=120s --retries=3 \
    CMD ["kamervragen", "health"]
STOPSIGNAL SIGTERM
CMD ["kamervragen", "run"]
