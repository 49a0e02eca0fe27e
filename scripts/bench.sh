#!/usr/bin/env bash
# bench.sh: time concurlint against go vet and the SSA floor on the corpus.
#
# Usage: scripts/bench.sh [--runs N] [--cold] [--work DIR] [--out FILE]
#                         [--logs DIR] [NAME|MODULE ...]
#
#   NAME|MODULE  modules from corpus/modules.txt (default: all of them)
#   --runs N     runs of every row per module (default 3, at least 1);
#                the table shows the median
#   --cold       a fresh, empty GOCACHE for every run (GOMODCACHE stays);
#                default: warm build cache (one untimed go vet first)
#   --work DIR   where the module copies are (default corpus/work); a module
#                not set up there is taken from corpus/work, or set up there
#                with scripts/corpus.sh --setup-only NAME
#   --out FILE   markdown output, also printed on stdout (default
#                corpus/results/bench.md, bench-cold.md with --cold)
#   --logs DIR   every run's stdout, stderr and /usr/bin/time -v output
#                (default corpus/work/bench-logs)
#
# Rows, run in alternation (run i of every row before run i+1), each under
# /usr/bin/time -v (wall time, user+sys CPU time, peak RSS of the largest
# process), all with vet's result cache bypassed except the cached rerun:
#
#   go vet ./...                          the default vet suite; a unique
#                                         -printf.funcs value per run changes
#                                         vet's cache key (see docs/benchmarks.md)
#   go vet -vettool=concurlint ./...      a fresh copy of the binary with a few
#                                         unique bytes appended per run: a new
#                                         tool identity (-V=full hashes the file)
#   ... cached rerun                      the same copy again: served from cache
#   concurlint ./...                      the standalone driver (go vet
#                                         underneath: fresh copies as above)
#   concurlint -driver=inprocess ./...    the in-process driver
#   go vet -vettool=floor ./...           bench/_cmd/floor (buildssa and nothing
#   floor ./...                           else), fresh copies like concurlint's
#
# A module listed with without=IMPORT in modules.txt is measured on its
# packages that build without IMPORT (scripts/modules.sh) instead of ./...
#
# Before timing, a probe module checks that the bypass works: every fresh
# copy or -printf.funcs value makes go vet start the tool (go vet -x), the
# same copy twice does not. Exit status: 0 all runs fine, 1 some run failed
# (an exit status other than 0/1 under go vet, 0/3 for concurlint, 0 for the
# floor, a package go vet could not build, or a panic), 2 the benchmark could
# not be set up.
#
# Not part of `go test`; give it a quiet machine when the numbers matter.

set -u -o pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LIST="$REPO/corpus/modules.txt"
DEFAULT_WORK="$REPO/corpus/work"

die() { echo "bench.sh: $*" >&2; exit 2; }
log() { echo "bench.sh: $*" >&2; }
# shellcheck source=scripts/modules.sh
. "$REPO/scripts/modules.sh"
usage() { sed -n '2,/^$/s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2; }

RUNS=3
COLD=0
WORK=$DEFAULT_WORK
OUT=
LOGS=$DEFAULT_WORK/bench-logs
WANT=()
while [ $# -gt 0 ]; do
	case "$1" in
	--runs) RUNS=${2:-}; shift ;;
	--runs=*) RUNS=${1#*=} ;;
	--cold) COLD=1 ;;
	--work) WORK=${2:-}; shift ;;
	--work=*) WORK=${1#*=} ;;
	--out) OUT=${2:-}; shift ;;
	--out=*) OUT=${1#*=} ;;
	--logs) LOGS=${2:-}; shift ;;
	--logs=*) LOGS=${1#*=} ;;
	-h | --help) usage; exit 0 ;;
	-*) usage; die "unknown option $1" ;;
	*) WANT+=("$1") ;;
	esac
	shift
done
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "--runs wants a positive number, got '$RUNS'"
[ -d "$WORK" ] || mkdir -p "$WORK" || die "cannot create $WORK"
WORK=$(cd "$WORK" && pwd)
if [ -z "$OUT" ]; then
	OUT="$REPO/corpus/results/bench.md"
	[ $COLD = 1 ] && OUT="$REPO/corpus/results/bench-cold.md"
fi
mkdir -p "$LOGS" "$(dirname "$OUT")" || die "cannot create $LOGS or $(dirname "$OUT")"

# ---- tools -----------------------------------------------------------------

command -v go >/dev/null || die "go is not on PATH"
if [ ! -x /usr/bin/time ]; then
	[ "$(id -u)" = 0 ] || die "need /usr/bin/time (apt-get install time); not root, cannot install"
	log "installing time with apt-get"
	apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >&2 ||
		die "apt-get install time failed"
fi

# As in corpus.sh: each module is its own main module, -mod=mod because some
# published go.sum files are incomplete.
export GOWORK=off
export GOTOOLCHAIN=local
MOD_GOFLAGS=$(printf '%s\n' ${GOFLAGS:-} | grep -v '^-mod=' | tr '\n' ' ')
export GOFLAGS="${MOD_GOFLAGS}-mod=mod"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/concurlint-bench.XXXXXX") || die "mktemp failed"
trap 'rm -rf "$TMP"' EXIT

# ---- modules ---------------------------------------------------------------

# The list and its names as corpus.sh reads them (scripts/modules.sh).
read_modules "$LIST"

SELECTED=()
if [ ${#WANT[@]} -eq 0 ]; then
	SELECTED=("${NAMES[@]}")
fi
for w in "${WANT[@]+"${WANT[@]}"}"; do
	found=
	for n in "${NAMES[@]}"; do
		if [ "$w" = "$n" ] || [ "$w" = "${MOD[$n]}" ]; then found=$n; fi
	done
	[ -n "$found" ] || die "unknown module $w (known: ${NAMES[*]})"
	SELECTED+=("$found")
done

# moddir NAME: the set-up copy of NAME, setting it up if need be.
declare -A DIR
is_setup() { [ "$(cat "$1/$2.setup" 2>/dev/null)" = "${MOD[$2]}@${VER[$2]}" ]; }
for n in "${SELECTED[@]}"; do
	if is_setup "$WORK" "$n"; then
		DIR[$n]=$WORK/$n
	elif is_setup "$DEFAULT_WORK" "$n"; then
		DIR[$n]=$DEFAULT_WORK/$n
	else
		log "[$n] not set up in $WORK: scripts/corpus.sh --setup-only $n"
		"$REPO/scripts/corpus.sh" --setup-only "$n" || die "[$n] setup failed"
		DIR[$n]=$DEFAULT_WORK/$n
	fi
done

# PKGS[NAME]: what every command analyses, ./... or, for a module listed
# with without=IMPORT, its packages that build without IMPORT.
declare -A PKGS
for n in "${SELECTED[@]}"; do
	PKGS[$n]=$(cd "${DIR[$n]}" && module_packages "$n" | tr '\n' ' ')
	[ -n "${PKGS[$n]// /}" ] || die "[$n] no packages to analyse"
done

# ---- binaries --------------------------------------------------------------

log "building concurlint and bench/_cmd/floor"
(cd "$REPO" && go build -o "$TMP/bin/concurlint" ./cmd/concurlint && go build -o "$TMP/bin/floor" ./bench/_cmd/floor) ||
	die "go build failed"
REV=$(cd "$REPO" && git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(cd "$REPO" && git status --porcelain -- cmd analyzers internal bench go.mod go.sum 2>/dev/null)" ]; then
	REV="$REV+dirty"
fi

# fresh TOOL: path of a new copy of $TMP/bin/TOOL with unique bytes appended
# (called in $(...), so uniqueness comes from mktemp and the clock, not a
# counter). Go executables ignore trailing bytes; the copy keeps the name.
fresh() {
	local d
	d=$(mktemp -d "$TMP/tool.XXXXXX") && cp "$TMP/bin/$1" "$d/$1" &&
		printf 'concurlint-bench-%s-%s' "${d##*.}" "$(date +%s%N)" >>"$d/$1" || die "cannot copy $1"
	echo "$d/$1"
}
nonce() { echo "benchnonce$$x${RANDOM}x$(date +%s%N)"; }
SEQ=0

# ---- cache-bypass check ----------------------------------------------------

# toolruns CMD...: how many times go vet -x started the tool (cached
# packages print no command).
toolruns() {
	(cd "$TMP/probe" && "$@" >/dev/null 2>"$TMP/probe.err")
	grep -c -E ' -json \$WORK/b[0-9]+/vet\.cfg$' "$TMP/probe.err"
}
probe() {
	mkdir -p "$TMP/probe"
	printf 'module benchprobe\n\ngo 1.22\n' >"$TMP/probe/go.mod"
	cat >"$TMP/probe/p.go" <<-'EOF'
		package p

		import (
			"fmt"
			"sync"
		)

		var mu sync.Mutex

		func F() { mu.Lock(); fmt.Println("x"); mu.Unlock() }
	EOF
	local a b c d e f g bad=0
	a=$(toolruns go vet -x -printf.funcs="$(nonce)" ./...)
	b=$(toolruns go vet -x -printf.funcs="$(nonce)" ./...)
	c=$(fresh concurlint) || exit 2
	d=$(toolruns go vet -x -vettool="$c" ./...)
	e=$(toolruns go vet -x -vettool="$c" ./...)
	f=$(toolruns go vet -x -vettool="$(fresh concurlint)" ./...)
	g=$(toolruns go vet -x -vettool="$(fresh floor)" ./...)
	log "cache-bypass probe, tool runs: go vet $a then $b (new -printf.funcs each);" \
		"concurlint copy $d, same copy again $e, new copy $f; floor copy $g"
	[ "$a" -gt 0 ] && [ "$b" -gt 0 ] && [ "$d" -gt 0 ] && [ "$f" -gt 0 ] && [ "$g" -gt 0 ] || bad=1
	[ "$e" -eq 0 ] || bad=1
	[ $bad = 0 ] || die "go vet's result cache is not bypassed (or the rerun is not cached) as expected; see docs/benchmarks.md"
}

# ---- measuring -------------------------------------------------------------

ROWS=(vet cl-vt cl-vt-cached cl cl-ip floor-vt floor)
declare -A LABEL=(
	[vet]='`go vet ./...`'
	[cl-vt]='`go vet -vettool=concurlint ./...`'
	[cl-vt-cached]='`go vet -vettool=concurlint ./...` cached rerun'
	[cl]='`concurlint ./...`'
	[cl-ip]='`concurlint -driver=inprocess ./...`'
	[floor-vt]='`go vet -vettool=floor ./...`'
	[floor]='`floor ./...`'
)
# Exit statuses that mean "ran": go vet 0 clean / 1 findings, concurlint
# standalone 0 / 3, the floor never reports.
declare -A OKRC=([vet]='0 1' [cl-vt]='0 1' [cl-vt-cached]='0 1' [cl]='0 3' [cl-ip]='0 3' [floor-vt]='0' [floor]='0')

DATA="$TMP/data.tsv" # module row run wall cpu rss ok
: >"$DATA"
FAILURES=()

# timed NAME ROW RUN CMD...: run CMD in the module with GOCACHE=$CACHE
# under /usr/bin/time -v and record it.
timed() {
	local n=$1 row=$2 i=$3 p="$LOGS/$1.$2.$3" rc ok=1 why
	shift 3
	(cd "${DIR[$n]}" && GOCACHE=$CACHE /usr/bin/time -v -o "$p.time" "$@" >"$p.out" 2>"$p.err")
	rc=$?
	why="exit $rc"
	[[ " ${OKRC[$row]} " == *" $rc "* ]] || ok=0
	if grep -q -E '^panic: |^fatal error: |internal error' "$p.out" "$p.err"; then
		ok=0 why="$why, panic"
	fi
	# go vet exits 1 for findings and for packages that do not build alike;
	# the latter come under a "# package" header.
	if [[ $row == vet || $row == *-vt* ]] && grep -q '^# ' "$p.err"; then
		ok=0 why="$why, a package did not build"
	fi
	awk -F': ' -v n="$n" -v row="$row" -v i="$i" -v ok="$ok" '
		/Elapsed \(wall clock\)/ {k = split($2, a, ":"); w = 0; for (j = 1; j <= k; j++) w = w * 60 + a[j]}
		/User time \(seconds\)/ {u = $2}
		/System time \(seconds\)/ {s = $2}
		/Maximum resident set size/ {r = $2 / 1024}
		END {printf "%s\t%s\t%s\t%.2f\t%.2f\t%.0f\t%s\n", n, row, i, w, u + s, r, ok}' "$p.time" >>"$DATA"
	if [ $ok = 0 ]; then
		FAILURES+=("$n $row run $i: $why (log: $p.err)")
		log "[$n] $row run $i FAILED: $why; $p.err:"
		grep -m 5 -A 5 -E '^panic: |^fatal error: |internal error' "$p.out" "$p.err" >&2 ||
			tail -n 5 "$p.err" | sed 's/^/    /' >&2
	fi
}

# newcache / dropcache: with --cold, a fresh empty GOCACHE for the next run
# (in $CACHE) and its removal; otherwise the user's warm cache.
newcache() {
	[ $COLD = 1 ] || return 0
	SEQ=$((SEQ + 1))
	CACHE="$TMP/gocache.$SEQ"
	mkdir -p "$CACHE"
}
dropcache() { [ $COLD = 0 ] || rm -rf "$CACHE"; }

# bench NAME: RUNS rounds of every row.
bench() {
	local n=$1 i vt
	CACHE=$(go env GOCACHE)
	if [ $COLD = 0 ]; then
		log "[$n] warming the build cache (untimed go vet)"
		(cd "${DIR[$n]}" && go vet -printf.funcs="$(nonce)" ${PKGS[$n]} >/dev/null 2>&1)
	fi
	for i in $(seq 1 "$RUNS"); do
		log "[$n] round $i of $RUNS"
		newcache
		timed "$n" vet "$i" go vet -printf.funcs="$(nonce)" ${PKGS[$n]}
		dropcache

		newcache
		vt=$(fresh concurlint) || exit 2
		timed "$n" cl-vt "$i" go vet -vettool="$vt" ${PKGS[$n]}
		# The same binary again, nothing changed: go vet's own cache.
		timed "$n" cl-vt-cached "$i" go vet -vettool="$vt" ${PKGS[$n]}
		rm -rf "$(dirname "$vt")"
		dropcache

		# Standalone runs go vet underneath: a fresh copy, or the
		# rerun would be served from vet's cache.
		newcache
		vt=$(fresh concurlint) || exit 2
		timed "$n" cl "$i" "$vt" ${PKGS[$n]}
		rm -rf "$(dirname "$vt")"
		dropcache

		newcache
		timed "$n" cl-ip "$i" "$TMP/bin/concurlint" -driver=inprocess ${PKGS[$n]}
		dropcache

		newcache
		vt=$(fresh floor) || exit 2
		timed "$n" floor-vt "$i" go vet -vettool="$vt" ${PKGS[$n]}
		rm -rf "$(dirname "$vt")"
		dropcache

		newcache
		timed "$n" floor "$i" "$TMP/bin/floor" ${PKGS[$n]}
		dropcache
	done
}

# ---- report ----------------------------------------------------------------

# med NAME ROW COL: median of column COL (4 wall, 5 cpu, 6 rss) over the
# successful runs; "-" if none.
med() {
	awk -F'\t' -v n="$1" -v row="$2" -v c="$3" '$1 == n && $2 == row && $7 == 1 {print $c}' "$DATA" | sort -g |
		awk '{a[NR] = $1} END {if (NR == 0) print "-"; else if (NR % 2) print a[(NR + 1) / 2]; else printf "%.2f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2}'
}
failed() { awk -F'\t' -v n="$1" -v row="$2" '$1 == n && $2 == row && $7 != 1' "$DATA" | wc -l; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (a == "-" || b == "-" || b == 0) print "-"; else printf "%.2f×", a / b}'; }
lines() {
	find "$1" -name '*.go' -type f -not -path '*/vendor/*' -not -path '*/testdata/*' -print0 | xargs -0 cat | wc -l
}

# table NAME: the markdown table of one module (NAME "total": sums of the
# modules' medians, the largest RSS).
table() {
	local n=$1 row fl fw fc wf cf m
	declare -A W C R
	for row in "${ROWS[@]}"; do
		if [ "$n" = total ]; then
			W[$row]=$(for m in "${SELECTED[@]}"; do med "$m" "$row" 4; done | awk '$1 == "-" {bad = 1} {s += $1} END {if (bad || NR == 0) print "-"; else printf "%.2f\n", s}')
			C[$row]=$(for m in "${SELECTED[@]}"; do med "$m" "$row" 5; done | awk '$1 == "-" {bad = 1} {s += $1} END {if (bad || NR == 0) print "-"; else printf "%.2f\n", s}')
			R[$row]=$(for m in "${SELECTED[@]}"; do med "$m" "$row" 6; done | awk '$1 != "-" && $1 > x {x = $1} END {print x + 0}')
		else
			W[$row]=$(med "$n" "$row" 4)
			C[$row]=$(med "$n" "$row" 5)
			R[$row]=$(med "$n" "$row" 6)
		fi
	done
	echo "| row | wall s | CPU s | peak RSS MB | wall × go vet | CPU × go vet | wall × floor | CPU × floor | failed runs |"
	echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
	for row in "${ROWS[@]}"; do
		case $row in
		# Each concurlint row against the floor under the same driver:
		# standalone concurlint drives packages through go vet.
		cl-ip) fw=${W[floor]}; fc=${C[floor]} ;;
		cl | cl-vt) fw=${W[floor-vt]}; fc=${C[floor-vt]} ;;
		*) fw=-; fc=- ;;
		esac
		if [ "$n" = total ]; then
			fl=$(for m in "${SELECTED[@]}"; do failed "$m" "$row"; done | awk '{s += $1} END {print s + 0}')
		else
			fl=$(failed "$n" "$row")
		fi
		[ "$fw" = - ] && wf=- || wf=$(ratio "${W[$row]}" "$fw")
		[ "$fc" = - ] && cf=- || cf=$(ratio "${C[$row]}" "$fc")
		echo "| ${LABEL[$row]} | ${W[$row]} | ${C[$row]} | ${R[$row]} | $(ratio "${W[$row]}" "${W[vet]}") | $(ratio "${C[$row]}" "${C[vet]}") | $wf | $cf | $fl |"
	done
}

report() {
	local n mode=warm
	[ $COLD = 1 ] && mode="cold (fresh GOCACHE per run)"
	echo "# concurlint benchmark"
	echo
	echo "Generated by \`scripts/bench.sh\`; see docs/benchmarks.md for what each row measures."
	echo
	echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'); concurlint $REV; $(go version | awk '{print $3}')"
	echo "- machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo); load average at start $LOAD0, at end $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "- build cache: $mode; runs per row: $RUNS, in alternation; figures are medians of the successful runs"
	echo "- wall and CPU (user+sys, all processes) in seconds; peak RSS of the largest single process, MB (\`/usr/bin/time -v\`)"
	echo "- vet's result cache bypassed in every row but the cached rerun (fresh tool copy or -printf.funcs value per run)"
	for n in "${SELECTED[@]}"; do
		echo
		echo "## $n"
		echo
		echo "${MOD[$n]}@${VER[$n]}, $(lines "${DIR[$n]}") lines"
		if [ -n "${WITHOUT[$n]}" ]; then
			echo
			echo "./... in the rows stands for the $(wc -w <<<"${PKGS[$n]}") packages that build without ${WITHOUT[$n]}."
		fi
		echo
		table "$n"
	done
	if [ ${#SELECTED[@]} -gt 1 ]; then
		echo
		echo "## total (${#SELECTED[@]} modules)"
		echo
		echo "Sums of the per-module medians; peak RSS is the largest module's."
		echo
		table total
	fi
	if [ ${#FAILURES[@]} -gt 0 ]; then
		echo
		echo "## Failed runs"
		echo
		printf -- '- %s\n' "${FAILURES[@]}"
	fi
}

# ---- main --------------------------------------------------------------------

LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
START=$(date +%s)
probe
for n in "${SELECTED[@]}"; do
	bench "$n"
done
report >"$OUT.tmp" && mv "$OUT.tmp" "$OUT"
cat "$OUT"
log "done in $(($(date +%s) - START))s; table: $OUT; logs: $LOGS"
[ ${#FAILURES[@]} -eq 0 ] || { log "${#FAILURES[@]} failed runs"; exit 1; }
