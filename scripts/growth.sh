#!/usr/bin/env bash
# growth.sh: does the suite's cost grow linearly with the size of the
# code? It generates synthetic packages (bench/synth) of 1x, 4x and 16x
# size and measures
#   (a) analysis only: CPU time, bytes and allocations per run of the
#       whole suite (go test ./bench -bench BenchmarkGrowth), and
#   (b) the binary end to end: go vet -vettool=concurlint ./... on the
#       generated module under /usr/bin/time -v (wall, CPU, peak RSS),
#       vet's result cache bypassed by a fresh copy of the binary with
#       unique bytes appended, the build cache warm.
# It prints the figures per size, the ratios 4x/1x and 16x/1x, and
# exits 1 if growth is clearly superlinear (see BOUND below).
#
# Usage: scripts/growth.sh            (sizes 1 4 16, median of 3 runs)
#        COUNT=5 SIZES="1 2 4" scripts/growth.sh
# Needs Go and /usr/bin/time (installed with apt-get if missing).
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-"1 4 16"}
COUNT=${COUNT:-3}
# Bounds, as multiples of linear growth (16x costing 16x is 1):
# BOUND (1.5) for CPU time and peak RSS, ALLOC_BOUND (1.25) for bytes
# and allocations per run, which are deterministic. A quadratic part
# that is only 3.3% of the cost at 1x already pushes 16x past 1.5x
# linear (16*(1-q) + 256*q > 24 for q > 1/30).
# The analysis CPU time is judged against the floor, x/tools building
# the same package's SSA, measured in the same process: that alone grows
# faster than linear here (profiles at 1x and 16x show go/ssa's builder
# ~1.45x slower per function on the large package, every function of it
# alike: larger maps and heaps miss the caches, not an algorithm), and
# the suite cannot grow slower than what it is built on. So the suite's
# CPU ratio may be at most BOUND times the larger of linear and the
# floor's ratio.
# GOGC for the analysis benchmark (400): with the default 100, garbage
# collection is over half the suite's CPU on the 16x package (the whole
# loaded program is live heap) and grows faster than the code; at 400
# the suite and the floor both grow ~17x for 16x code, so the check
# sees the algorithms. The go vet rows run with the caller's GOGC.
BENCH_GOGC=${BENCH_GOGC:-400}
BOUND=${BOUND:-1.5}
ALLOC_BOUND=${ALLOC_BOUND:-1.25}

if [ ! -x /usr/bin/time ]; then
	echo "growth.sh: installing GNU time" >&2
	sudo=""
	[ "$(id -u)" = 0 ] || sudo=sudo
	$sudo apt-get update -qq && $sudo apt-get install -y -qq time >/dev/null
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/concurlint-growth.XXXXXX")
trap 'rm -rf "$work"' EXIT
go build -o "$work/concurlint" ./cmd/concurlint
go build -o "$work/gen" ./bench/_cmd/gen

sizes_csv=$(echo $SIZES | tr ' ' ',')
base=${SIZES%% *}

# (a) Analysis only. -benchtime 1x: one run per size and count; the
# median over COUNT runs is taken below.
echo "== GOGC=$BENCH_GOGC go test ./bench -bench BenchmarkGrowth (sizes $sizes_csv, count $COUNT)" >&2
# -warm: one untimed run first, so the first size does not pay for
# growing the heap.
GOGC=$BENCH_GOGC go test ./bench -run '^$' -bench '^BenchmarkGrowth$' -benchtime 1x -count "$COUNT" -timeout 60m \
	-args -sizes="$sizes_csv" -warm | tee "$work/bench.txt" >&2

# metric NAME UNIT: the median of UNIT ("cpu-ns/op", "B/op", ...) over
# the runs of sub-benchmark NAME ("size=4", "floor-size=4").
metric() {
	awk -v name="BenchmarkGrowth/$1-" -v unit="$2" '
		index($1, name) == 1 { for (i = 3; i < NF; i++) if ($(i+1) == unit) print $i }' "$work/bench.txt" |
		sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) exit 1; print v[int((NR + 1) / 2)] }'
}

# (b) End to end. The first run of each size warms the build cache (the
# dependencies' export data) and is not counted.
secs() { # h:mm:ss or m:ss(.ss) to seconds
	awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }' <<<"$1"
}
vet_run() { # SIZE DIR RUN: one go vet run; prints "wall cpu rssKB"
	local tool="$work/concurlint-$1-$3"
	cp "$work/concurlint" "$tool"
	printf 'growth %s %s %s' "$1" "$3" "$(date +%s%N)" >>"$tool"
	local rc=0
	(cd "$2" && /usr/bin/time -v -o "$work/time.txt" go vet -vettool="$tool" ./... >"$work/vet.txt" 2>&1) || rc=$?
	rm -f "$tool"
	# The generated package has bugs.go: go vet must fail with findings.
	if [ "$rc" != 1 ] || ! grep -q 'lock order inversion' "$work/vet.txt"; then
		echo "growth.sh: go vet on size $1 exited $rc without the expected findings:" >&2
		cat "$work/vet.txt" >&2
		exit 1
	fi
	local wall user sys rss
	wall=$(secs "$(sed -n 's/.*Elapsed (wall clock) time.*: //p' "$work/time.txt")")
	user=$(sed -n 's/.*User time (seconds): //p' "$work/time.txt")
	sys=$(sed -n 's/.*System time (seconds): //p' "$work/time.txt")
	rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time.txt")
	echo "$wall $(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }') $rss"
}
median_col() { # COLUMN: median of that column of stdin
	awk -v c="$1" '{ print $c }' | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

declare -A row
for size in $SIZES; do
	dir="$work/synth$size"
	"$work/gen" -size "$size" -o "$dir"
	echo "== go vet -vettool=concurlint on size $size ($(cat "$dir"/*.go | wc -l) lines)" >&2
	(cd "$dir" && go vet ./... >/dev/null 2>&1) || true # warm the build cache
	vet_run "$size" "$dir" warm >/dev/null
	: >"$work/runs.txt"
	for r in $(seq "$COUNT"); do
		vet_run "$size" "$dir" "$r" | tee -a "$work/runs.txt" >&2
	done
	row[$size]="$(metric "size=$size" cpu-ns/op) $(metric "size=$size" ns/op) $(metric "size=$size" B/op) $(metric "size=$size" allocs/op)"
	row[$size]+=" $(median_col 1 <"$work/runs.txt") $(median_col 2 <"$work/runs.txt") $(median_col 3 <"$work/runs.txt")"
	row[$size]+=" $(metric "floor-size=$size" cpu-ns/op)"
	rm -rf "$dir"
done

# The table. Columns: analysis CPU s, analysis wall s, MB and
# allocations per run, the floor's CPU s; go vet wall s, CPU s, peak RSS MB.
fmt='%-8s %9s %9s %9s %11s %9s %10s %9s %9s\n'
printf "$fmt" size an.cpu_s an.wall_s an.MB an.allocs floor.cpu vet.wall_s vet.cpu_s vet.rssMB
for size in $SIZES; do
	set -- ${row[$size]}
	printf "$fmt" "${size}x" \
		"$(awk -v v="$1" 'BEGIN { printf "%.2f", v / 1e9 }')" \
		"$(awk -v v="$2" 'BEGIN { printf "%.2f", v / 1e9 }')" \
		"$(awk -v v="$3" 'BEGIN { printf "%.0f", v / 1e6 }')" "$4" \
		"$(awk -v v="$8" 'BEGIN { printf "%.2f", v / 1e9 }')" "$5" "$6" \
		"$(awk -v v="$7" 'BEGIN { printf "%.0f", v / 1e3 }')"
done

# gate NAME RATIO LIMIT: complain if RATIO > LIMIT.
fail=0
gate() {
	if awk -v r="$2" -v l="$3" 'BEGIN { exit !(r > l) }'; then
		echo "growth.sh: $1 grows superlinearly: ${size}x costs ${2}x the ${base}x figure (limit ${3}x)" >&2
		fail=1
	fi
}
for size in $SIZES; do
	[ "$size" = "$base" ] && continue
	set -- ${row[$size]}
	now=("$@")
	set -- ${row[$base]}
	was=("$@")
	r=()
	for i in 0 1 2 3 4 5 6 7; do
		r+=("$(awk -v a="${now[$i]}" -v b="${was[$i]}" 'BEGIN { printf "%.2f", a / b }')")
	done
	printf "$fmt" "${size}x/${base}x" "${r[0]}" "${r[1]}" "${r[2]}" "${r[3]}" "${r[7]}" "${r[4]}" "${r[5]}" "${r[6]}"
	linear=$(awk -v s="$size" -v b="$base" 'BEGIN { print s / b }')
	limit() { awk -v x="$1" -v k="$2" 'BEGIN { printf "%.1f", x * k }'; }
	floor=$(awk -v f="${r[7]}" -v l="$linear" 'BEGIN { print (f > l ? f : l) }')
	gate "analysis CPU time" "${r[0]}" "$(limit "$floor" "$BOUND")"
	gate "analysis bytes" "${r[2]}" "$(limit "$linear" "$ALLOC_BOUND")"
	gate "analysis allocations" "${r[3]}" "$(limit "$linear" "$ALLOC_BOUND")"
	gate "go vet CPU time" "${r[5]}" "$(limit "$linear" "$BOUND")"
	gate "go vet peak RSS" "${r[6]}" "$(limit "$linear" "$BOUND")"
done
if [ "$fail" = 1 ]; then
	exit 1
fi
echo "growth: linear (CPU within ${BOUND}x of linear or of the SSA floor, bytes and allocations within ${ALLOC_BOUND}x, go vet CPU and RSS within ${BOUND}x; wall time not gated)"
