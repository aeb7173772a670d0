# The API on its embedded default (SQLite in /data); set DATABASE_URL for PostgreSQL.
FROM python:3.11-slim
WORKDIR /srv/fds-catalogus
COPY pyproject.toml README.md ./
COPY app ./app
COPY harvesters ./harvesters
COPY vocab ./vocab
RUN pip install --no-cache-dir .
ENV FDS_DATA_DIR=/data
VOLUME /data
EXPOSE 8000
CMD ["fdscat", "serve", "--host", "0.0.0.0", "--port", "8000"]
