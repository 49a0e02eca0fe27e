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
# BOUND: the most a size may cost relative to linear growth. Linear
# code still grows a little faster than its input here (larger heaps
# and maps miss the caches more; go/types and go/ssa themselves grow
# ~1.3x faster than linear from 1x to 16x on this package), so a bound
# of exactly 1 would fail on noise. 1.5 means 16x may cost at most 24x;
# a quadratic part that is only 3.3% of the cost at 1x would already
# push 16x past it (16*(1-q) + 256*q > 24 for q > 1/30), and a fixpoint
# or cycle search that is quadratic in the package fails by far.
BOUND=${BOUND:-1.5}

if [ ! -x /usr/bin/time ]; then
	echo "growth.sh: installing GNU time" >&2
	sudo=""
	[ "$(id -u)" = 0 ] || sudo=sudo
	$sudo apt-get update -qq && $sudo apt-get install -y -qq time >/dev/null
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/concurlint-growth.XXXXXX")
trap 'rm -rf "$work"' EXIT
go build -o "$work/concurlint" ./cmd/concurlint
go build -o "$work/gen" ./bench/synth/gen

sizes_csv=$(echo $SIZES | tr ' ' ',')
base=${SIZES%% *}

# (a) Analysis only. -benchtime 1x: one run per size and count; the
# median over COUNT runs is taken below.
echo "== go test ./bench -bench BenchmarkGrowth (sizes $sizes_csv, count $COUNT)" >&2
go test ./bench -run '^$' -bench '^BenchmarkGrowth$' -benchtime 1x -count "$COUNT" \
	-args -sizes="$sizes_csv" | tee "$work/bench.txt" >&2

# metric SIZE UNIT: the median of UNIT ("cpu-ns/op", "B/op", ...) over
# the runs of size SIZE.
metric() {
	awk -v name="BenchmarkGrowth/size=$1-" -v unit="$2" '
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
	row[$size]="$(metric "$size" cpu-ns/op) $(metric "$size" ns/op) $(metric "$size" B/op) $(metric "$size" allocs/op)"
	row[$size]+=" $(median_col 1 <"$work/runs.txt") $(median_col 2 <"$work/runs.txt") $(median_col 3 <"$work/runs.txt")"
	rm -rf "$dir"
done

# The table. Columns: analysis CPU s, analysis wall s, MB and
# allocations per run; go vet wall s, CPU s, peak RSS MB.
fmt='%-8s %10s %10s %10s %12s %10s %10s %10s\n'
printf "$fmt" size an.cpu_s an.wall_s an.MB an.allocs vet.wall_s vet.cpu_s vet.rssMB
for size in $SIZES; do
	set -- ${row[$size]}
	printf "$fmt" "${size}x" \
		"$(awk -v v="$1" 'BEGIN { printf "%.2f", v / 1e9 }')" \
		"$(awk -v v="$2" 'BEGIN { printf "%.2f", v / 1e9 }')" \
		"$(awk -v v="$3" 'BEGIN { printf "%.0f", v / 1e6 }')" "$4" "$5" "$6" \
		"$(awk -v v="$7" 'BEGIN { printf "%.0f", v / 1e3 }')"
done

fail=0
for size in $SIZES; do
	[ "$size" = "$base" ] && continue
	set -- ${row[$size]}
	now=("$@")
	set -- ${row[$base]}
	was=("$@")
	ratios=()
	for i in 0 1 2 3 4 5 6; do
		ratios+=("$(awk -v a="${now[$i]}" -v b="${was[$i]}" 'BEGIN { printf "%.2f", a / b }')")
	done
	printf "$fmt" "${size}x/${base}x" "${ratios[@]}"
	limit=$(awk -v s="$size" -v b="$base" -v k="$BOUND" 'BEGIN { print s / b * k }')
	# Gated: CPU time (wall time counts waiting for a shared CPU),
	# bytes, allocations, and go vet's CPU time and peak RSS.
	names=(an.cpu an.wall an.bytes an.allocs vet.wall vet.cpu vet.rss)
	for i in 0 2 3 5 6; do
		if awk -v r="${ratios[$i]}" -v l="$limit" 'BEGIN { exit !(r > l) }'; then
			echo "growth.sh: ${names[$i]} grows superlinearly: ${size}x costs ${ratios[$i]}x the ${base}x figure (limit ${limit}x)" >&2
			fail=1
		fi
	done
done
if [ "$fail" = 1 ]; then
	exit 1
fi
echo "growth: linear within ${BOUND}x (CPU, memory, allocations; wall time not gated)"
