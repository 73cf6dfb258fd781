#!/usr/bin/env bash
# Installs the Debian packages PacketTracer builds, tests and runs with.
# Idempotent and quiet: when everything is present it prints nothing and makes no network call.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config clang clang-format clang-tidy libclang-rt-14-dev
  libpcap-dev libndpi-dev libndpi-bin libmaxminddb-dev mmdb-bin publicsuffix libpsl-dev
  libc-ares-dev libncurses-dev libsqlite3-dev sqlite3 libcurl4-openssl-dev
  libgtest-dev libgmock-dev libbenchmark-dev libcli11-dev libspdlog-dev libfmt-dev nlohmann-json3-dev
  python3
  tshark tcpdump tcpreplay dnsmasq-base dnsutils whois curl ncat tmux iproute2 iputils-ping
  traceroute mtr-tiny nftables nmap libmaxmind-db-writer-perl procps psmisc util-linux
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# npm may come with a nodejs build that is not Debian's; only ask Debian when the command is absent.
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "packettracer: missing Debian packages: ${missing[*]}" >&2
  echo "packettracer: run as root (or with sudo) once so they can be installed." >&2
  exit 1
fi
echo "Installing ${#missing[@]} Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# tshark asks whether non-root users may capture; answer once, non-interactively.
echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
