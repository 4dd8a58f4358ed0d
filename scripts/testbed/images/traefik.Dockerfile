# Stands in for traefik:v3.6. The binary is static, so scratch is enough; the CA bundle
# is there for ACME and any upstream TLS.
FROM scratch
COPY traefik /usr/local/bin/traefik
COPY ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
EXPOSE 80
ENTRYPOINT ["/usr/local/bin/traefik"]
