# shellcheck shell=bash disable=SC2034  # TAG, PACKAGES and CHANGES are read by build.sh, which sources this file
# Stand-in for the official `prom/prometheus` image, as docker-compose.yml uses it: ENTRYPOINT
# prometheus, the config mounted at /etc/prometheus/prometheus.yml, the TSDB under /prometheus
# (the working directory), user nobody, port 9090, and `wget` for the health check (busybox's in
# the official image). Debian bookworm ships Prometheus 2.42, older than the v2.53 docker-compose.yml
# pins; compose uses only its scraping and /-/ready. Sourced by .ci/standins/build.sh.
TAG=courier-standin/prometheus:2-bookworm
PACKAGES=(prometheus wget)
CHANGES=(
  --change 'USER nobody'
  --change 'WORKDIR /prometheus'
  --change 'ENTRYPOINT ["/usr/bin/prometheus"]'
  --change 'CMD ["--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/prometheus"]'
  --change 'EXPOSE 9090'
)

configure() {
  install -d -m 0755 "$1/prometheus"
  chroot "$1" chown nobody:nogroup /prometheus
  # Debian's build moves the default TSDB path to /var/lib/prometheus/metrics2/; the official image
  # keeps it in the working directory, which compose's `command:` relies on by not setting it.
  rm -rf "$1/var/lib/prometheus/metrics2"
  ln -s /prometheus "$1/var/lib/prometheus/metrics2"
}
