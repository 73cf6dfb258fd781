#!/usr/bin/env bash
# Whole-pipeline throughput of packettracer beside a bare libpcap loop, tshark's conversation
# tables and ndpiReader, on the largest shared captures and a multi-million-packet mix.
# Prints a table to stdout; it is a measurement, never part of CI pass/fail.
#
#   bench/pipeline_throughput.sh [-b BINARY] [-n RUNS] [-t TSHARK_RUNS] [-m MIXED.pcap] [FILE...]
#
#   -b  packettracer binary (default build/release/src/packettracer, as ./run.sh builds it);
#       bench/pcapread and bench/pipeline_flow_memory_bench are taken from the same build tree
#       when present (pcapread is otherwise compiled into /tmp with cc -O2 ... -lpcap)
#   -n  runs per tool and file (default 3); the table shows medians
#   -t  runs of tshark (default 1: it needs ~40 s and ~3 GiB on the 4 M-packet mix; 0 skips it)
#   -m  the mixed capture (default /tmp/mixed.pcap, built with ../shared/bench/make_perf_pcap.py
#       when absent; never commit it)
#   FILE...  captures to measure instead of the default set
#
# Rates are packets per CPU second (user + system, from the child's rusage) because the machine's
# 2 cores are usually shared with builds; wall-clock rates are printed beside them, with the load
# average at the start. Peak MiB is the child's maximum resident set size. packettracer runs with --no-db --no-resolve (a report of the file alone).
# "B/flow" is the engine's memory per tracked flow, from bench/pipeline_flow_memory_bench
# (see that file for the method).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
shared=${PT_SHARED_DIR:-$root/../shared}
binary=$root/build/release/src/packettracer
runs=3
tshark_runs=1
mixed=/tmp/mixed.pcap
while getopts "b:n:t:m:h" opt; do
  case $opt in
    b) binary=$OPTARG ;;
    n) runs=$OPTARG ;;
    t) tshark_runs=$OPTARG ;;
    m) mixed=$OPTARG ;;
    *) sed -n '2,20p' "$0"; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ -x "$binary" ] || { echo "no packettracer binary at $binary (build it, or pass -b)" >&2; exit 1; }
build_dir=$(cd "$(dirname "$binary")/.." && pwd)

pcapread=$build_dir/bench/pcapread
if [ ! -x "$pcapread" ]; then
  pcapread=/tmp/pt-pcapread
  cc -O2 "$root/bench/pcapread.c" -lpcap -o "$pcapread"
fi

files=("$@")
if [ ${#files[@]} -eq 0 ]; then
  # MANIFEST.md "Larger captures for throughput measurement", largest first.
  while read -r f; do files+=("$shared/pcaps/$f"); done < <(
    sed -n '/^## Larger captures/,/^## /p' "$shared/pcaps/MANIFEST.md" | sed -n 's/^- `\([^`]*\)`.*/\1/p')
  if [ ! -f "$mixed" ]; then
    echo "building $mixed (make_perf_pcap.py, 20 copies)..." >&2
    python3 "$shared/bench/make_perf_pcap.py" "$mixed" 20 >&2
  fi
  files+=("$mixed")
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Runs "$@" once; prints "cpu_seconds wall_seconds peak_kib" or "fail" (bench/pipeline_measure.py).
measure_once() { PT_MEASURE_STDERR=$tmp/err python3 "$root/bench/pipeline_measure.py" "$@"; }

median() { sort -g | awk '{v[NR] = $1} END {if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

# Prints one table row for a tool: runs, medians of CPU s / wall s / peak RSS, and the rates.
# STARTUP is the tool's median CPU time on a one-packet capture; "pps (net)" leaves it out, which
# is what tells the tools apart on the small captures (nDPI's module setup alone is ~40 ms).
row() {
  local label=$1 count=$2 packets=$3 startup=$4
  shift 4
  if [ "$count" -eq 0 ]; then return; fi
  : >"$tmp/samples"
  for _ in $(seq "$count"); do measure_once "$@" >>"$tmp/samples"; done
  if grep -q fail "$tmp/samples"; then
    printf '  %-26s %4s  %s\n' "$label" "$count" "failed: $(head -c 120 "$tmp/err" | tr '\n' ' ')"
    return
  fi
  local cpu wall rss
  cpu=$(cut -d' ' -f1 "$tmp/samples" | median)
  wall=$(cut -d' ' -f2 "$tmp/samples" | median)
  rss=$(cut -d' ' -f3 "$tmp/samples" | median)
  awk -v l="$label" -v n="$count" -v p="$packets" -v c="$cpu" -v w="$wall" -v r="$rss" -v s="$startup" \
    -v min="$(cut -d' ' -f1 "$tmp/samples" | sort -g | head -1)" \
    -v max="$(cut -d' ' -f1 "$tmp/samples" | sort -g | tail -1)" 'BEGIN {
    cpps = (c > 0) ? p / c : 0; wpps = (w > 0) ? p / w : 0; npps = (c > s) ? p / (c - s) : 0
    printf "  %-26s %4d %8.3f %6.3f-%-6.3f %7.3f %11.0f %11.0f %11.0f %9.1f\n", l, n, c, min, max, w, cpps, npps, wpps, r / 1024 }'
}

# Start-up cost of each tool: its median CPU time on a capture of one packet.
pt_args=(--report json --no-db --no-resolve)
python3 - "$tmp/one.pcap" <<'PY'
import struct, sys
frame = bytes(12) + b"\x08\x00" + bytes.fromhex("450000140001000040110000") + bytes([10, 0, 0, 1, 10, 0, 0, 2])
with open(sys.argv[1], "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, 1))
    f.write(struct.pack("<IIII", 1, 0, len(frame), len(frame)) + frame)
PY
startup_of() {
  local count=$1
  shift
  for _ in $(seq "$count"); do measure_once "$@" | cut -d' ' -f1; done | median
}
declare -A startup
startup[pcapread]=$(startup_of "$runs" "$pcapread" "$tmp/one.pcap")
startup[dpi]=$(startup_of "$runs" "$binary" -r "$tmp/one.pcap" "${pt_args[@]}")
startup[nodpi]=$(startup_of "$runs" "$binary" -r "$tmp/one.pcap" "${pt_args[@]}" --no-dpi)
startup[ndpi]=$(startup_of "$runs" ndpiReader -i "$tmp/one.pcap")
startup[tshark]=$(startup_of 1 tshark -r "$tmp/one.pcap" -q -z conv,tcp -z conv,udp)

echo "# pipeline_throughput $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# packettracer: $binary ($(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo '?'))"
echo "# rates: packets per CPU second (user+sys), per CPU second after the tool's start-up, per wall second;"
echo "# medians of the runs. Start-up CPU s (one-packet capture): pcapread ${startup[pcapread]}," \
  "packettracer ${startup[dpi]} (--no-dpi ${startup[nodpi]}), ndpiReader ${startup[ndpi]}, tshark ${startup[tshark]}"
for f in "${files[@]}"; do
  if [ ! -f "$f" ]; then
    echo "== $f: missing, skipped"
    continue
  fi
  packets=$("$pcapread" "$f" 2>/dev/null | sed -n 's/.*packets=\([0-9]*\).*/\1/p')
  if [ -z "$packets" ]; then
    # libpcap 1.10 refuses pcapng files whose interfaces differ; ask capinfos instead.
    packets=$(capinfos -M -c -T "$f" 2>/dev/null | awk -F'\t' 'NR == 2 {print $2}')
  fi
  echo
  echo "== ${f#"$shared"/pcaps/}: $packets packets, $(du -h "$f" | cut -f1)"
  printf '  %-26s %4s %8s %13s %7s %11s %11s %11s %9s\n' tool runs "cpu s" "cpu min-max" "wall s" "pps (cpu)" \
    "pps (net)" "pps (wall)" "peak MiB"
  row "bare libpcap loop" "$runs" "$packets" "${startup[pcapread]}" "$pcapread" "$f"
  row "packettracer (nDPI)" "$runs" "$packets" "${startup[dpi]}" "$binary" -r "$f" "${pt_args[@]}"
  row "packettracer --no-dpi" "$runs" "$packets" "${startup[nodpi]}" "$binary" -r "$f" "${pt_args[@]}" --no-dpi
  row "ndpiReader -i" "$runs" "$packets" "${startup[ndpi]}" ndpiReader -i "$f"
  row "tshark conv,tcp conv,udp" "$tshark_runs" "$packets" "${startup[tshark]}" tshark -r "$f" -q -z conv,tcp -z conv,udp
done

memory_bench=$build_dir/bench/pipeline_flow_memory_bench
if [ -x "$memory_bench" ]; then
  echo
  echo "== engine memory per tracked flow (bench/pipeline_flow_memory_bench)"
  "$memory_bench" --benchmark_format=console 2>/dev/null | grep -E 'BM_|^Run' || true
else
  echo
  echo "== engine memory per tracked flow: build the pipeline_flow_memory_bench target for it"
fi
