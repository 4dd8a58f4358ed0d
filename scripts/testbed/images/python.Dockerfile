# Stands in for python:3.11-slim-bookworm: Debian's Python 3.11 with pip and venv, and
# `python`/`pip` on the PATH as in the official image. Debian's "externally managed" marker
# goes, because the official image lets pip install into the system interpreter.
ARG BASE
FROM ${BASE}
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 python3-pip python3-venv \
 && rm -rf /var/lib/apt/lists/* /usr/lib/python3.11/EXTERNALLY-MANAGED \
 && ln -s /usr/bin/python3 /usr/local/bin/python \
 && ln -s /usr/bin/pip3 /usr/local/bin/pip
COPY etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
# pip reads PIP_CERT; uv carries its own roots and takes the machine's bundle from SSL_CERT_FILE.
ENV PYTHONUNBUFFERED=1 PIP_CERT=/etc/ssl/certs/ca-certificates.crt SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt
CMD ["python3"]
