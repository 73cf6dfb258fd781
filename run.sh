#!/usr/bin/env bash
# Installs what is missing, builds the Release binary into build/release when sources changed,
# then runs build/release/packettracer with the given arguments (none: the dashboard on the
# default interface).
set -euo pipefail
root=$(cd "$(dirname "$0")" && pwd)
binary="$root/build/release/packettracer"

if [ "$(id -u)" -ne 0 ]; then
  # Installing packages needs root; re-run under sudo when something is missing.
  if ! "$root/scripts/install-deps.sh" >/dev/null 2>&1; then
    if command -v sudo >/dev/null 2>&1; then exec sudo -E "$0" "$@"; fi
    echo "run.sh: Debian packages are missing and sudo is not available; run ./run.sh as root once." >&2
    exit 1
  fi
else
  "$root/scripts/install-deps.sh"
fi
"$root/scripts/install-data.sh"

if [ ! -f "$root/build/release/build.ninja" ]; then
  cmake -S "$root" -B "$root/build/release" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DPT_BUILD_TESTS=OFF -DPT_BUILD_BENCH=OFF >/dev/null
fi
# ninja rebuilds only what changed; its progress is shown only when there is work.
if ! build_log=$(cmake --build "$root/build/release" --target packettracer 2>&1); then
  echo "$build_log" >&2
  exit 1
fi

if [ "$(id -u)" -ne 0 ] && ! getcap "$binary" 2>/dev/null | grep -q cap_net_raw; then
  case " $* " in
    *" -r "*|*" --read"*|*" --list "*|*" --help "*|*" -h "*|*" --version "*|*" sessions "*|*" --session "*) ;;
    *)
      if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then exec sudo -E "$binary" "$@"; fi
      echo "run.sh: live capture needs root or capabilities; either run: sudo ./run.sh $*" >&2
      echo "run.sh: or grant them once: sudo setcap cap_net_raw,cap_net_admin+eip $binary" >&2
      ;;
  esac
fi
exec "$binary" "$@"
