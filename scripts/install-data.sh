#!/usr/bin/env bash
# Installs the offline GeoLite2 City and ASN databases into data/ (git-ignored).
# --ignore-scripts: the package's postinstall wants a MaxMind licence key; the .mmdb files ship in the tarball.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dbs="$root/data/node_modules/geolite2/dbs"
if [ -s "$dbs/GeoLite2-City.mmdb" ] && [ -s "$dbs/GeoLite2-ASN.mmdb" ]; then exit 0; fi
command -v npm >/dev/null || { echo "install-data: npm is missing (scripts/install-deps.sh installs it)" >&2; exit 1; }
mkdir -p "$root/data"
echo "Installing GeoLite2 City/ASN databases into data/ (npm geolite2@4)"
if ! npm install --prefix "$root/data" --ignore-scripts --no-audit --no-fund --loglevel=error geolite2@4 >/dev/null; then
  echo "install-data: npm install geolite2@4 failed; geo and ASN columns stay empty until it succeeds" >&2
  exit 0
fi
