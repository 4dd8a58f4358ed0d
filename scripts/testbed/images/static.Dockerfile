# Stands in for joseluisq/static-web-server:2, laid out as the official scratch image.
FROM scratch
COPY static-web-server /static-web-server
EXPOSE 80
STOPSIGNAL SIGQUIT
ENTRYPOINT ["/static-web-server"]
