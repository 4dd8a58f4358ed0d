# Stands in for golang:1-bookworm: the machine's Go toolchain on the Debian base, with
# the official image's paths and GOTOOLCHAIN=local.
ARG BASE
FROM ${BASE}
COPY usr/local/go /usr/local/go
COPY etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
ENV GOPATH=/go GOTOOLCHAIN=local PATH=/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
WORKDIR /go
