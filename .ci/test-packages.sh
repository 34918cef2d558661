#!/usr/bin/env bash
# Sourced by bin/test: installs the Debian packages the tests use when they are missing: the
# shared libraries the bundled MariaDB 11.4 binaries link
# besides glibc (Debian images normally have them all), and sysbench and HAProxy, which the test
# kit drives (SysbenchIT) and the benchmarks compare against.
missing=()
for pair in libcrypt.so.1:libcrypt1 libsystemd.so.0:libsystemd0 libstdc++.so.6:libstdc++6 \
  libcap.so.2:libcap2 libgcrypt.so.20:libgcrypt20 liblzma.so.5:liblzma5 libzstd.so.1:libzstd1 \
  liblz4.so.1:liblz4-1; do
  ldconfig -p | grep -q "${pair%%:*}" || missing+=("${pair##*:}")
done
command -v sysbench >/dev/null || missing+=(sysbench)
[ -x /usr/sbin/haproxy ] || missing+=(haproxy)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing Debian packages the tests need: ${missing[*]}"
  as_root=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || {
      echo "Install them first: apt-get install ${missing[*]}" >&2
      return 1 2>/dev/null || exit 1
    }
    as_root=(sudo -n)
  fi
  "${as_root[@]}" apt-get update -qq
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  # HAProxy's package may start a system instance; the tests start their own
  "${as_root[@]}" service haproxy stop >/dev/null 2>&1 || true
fi

