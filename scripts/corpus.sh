#!/usr/bin/env bash
# corpus.sh: run concurlint (standalone and as a go vet tool) and go vet over a
# corpus of real Go modules.
#
# Usage: scripts/corpus.sh [--skip-setup] [--setup-only] [--check] [NAME|MODULE ...]
#
#   NAME|MODULE   run only these modules (names or module paths from
#                 corpus/modules.txt); default: all of them
#   --skip-setup  reuse corpus/work/<name> as set up by an earlier run
#   --setup-only  set the modules up, run nothing
#   --check       run only `concurlint -json` on each module and compare its
#                 findings (analyzer, file:line) with corpus/verdicts.tsv:
#                 prints what is new or gone, writes nothing to results/,
#                 exits 1 if anything is (a new finding needs a verdict)
#
# For each module it:
#   1. setup: `go mod download MODULE@VERSION`, copies the source out of the
#      read-only module cache into corpus/work/<name>, drops replace
#      directives that point at local directories (they only work inside the
#      module's own repository), resolves every dependency through the module
#      proxy (GOFLAGS=-mod=mod fills go.sum) and warms the build cache with
#      one go vet run;
#   2. builds concurlint from this repository (every run: the suite changes);
#   3. runs `concurlint -json ./...` and `concurlint ./...` (standalone),
#      `go vet ./...` (baseline) and `go vet -vettool=concurlint ./...` (the
#      suite under the go vet driver), each under /usr/bin/time -v, and checks
#      that both drivers report the same findings (file:line:col).
#      A module listed with without=IMPORTPATH is run on its packages that
#      do not need IMPORTPATH rather than on ./... (see modules.txt).
#
# Results go to corpus/results/: <name>.txt (concurlint's text output),
# <name>.json (findings, de-duplicated and sorted), <name>.govet.txt (go vet's
# output), <name>.vettool.txt (go vet -vettool=concurlint's output),
# <name>.stats (numbers) and summary.md (all modules that have stats). Paths
# are relative to the module root. Findings are not failures: the script
# exits non-zero only if something could not be run, a module could not be
# set up, an analyzer panicked or failed, or the two drivers disagree.
#
# Not part of `go test`: the whole corpus takes a while (see summary.md).

set -u -o pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CORPUS="$REPO/corpus"
WORK="$CORPUS/work"
RESULTS="$CORPUS/results"
LIST="$CORPUS/modules.txt"
BIN="$WORK/bin/concurlint"

die() { echo "corpus.sh: $*" >&2; exit 2; }
log() { echo "corpus.sh: $*" >&2; }

usage() { sed -n '2,/^$/s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2; }
# shellcheck source=scripts/modules.sh
. "$REPO/scripts/modules.sh"

SKIP_SETUP=0
SETUP_ONLY=0
CHECK=0
WANT=()
for arg in "$@"; do
	case "$arg" in
	--skip-setup) SKIP_SETUP=1 ;;
	--setup-only) SETUP_ONLY=1 ;;
	--check) CHECK=1 ;;
	-h | --help) usage; exit 0 ;;
	-*) usage; die "unknown option $arg" ;;
	*) WANT+=("$arg") ;;
	esac
done

# ---- tools -----------------------------------------------------------------

command -v go >/dev/null || die "go is not on PATH"
need_apt=()
[ -x /usr/bin/time ] || need_apt+=(time)
command -v jq >/dev/null || need_apt+=(jq)
if [ ${#need_apt[@]} -gt 0 ]; then
	log "installing ${need_apt[*]} with apt-get"
	if [ "$(id -u)" != 0 ]; then
		die "need ${need_apt[*]} (apt-get install ${need_apt[*]}); not root, cannot install"
	fi
	apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >&2 ||
		die "apt-get install ${need_apt[*]} failed"
fi

# The corpus modules are their own main modules: no workspace, no toolchain
# switching, and -mod=mod so that go.sum entries missing from a published
# module are filled in (through the sum database, as usual).
export GOWORK=off
export GOTOOLCHAIN=local
BASE_GOFLAGS=${GOFLAGS:-}
MOD_GOFLAGS=$(printf '%s\n' $BASE_GOFLAGS | grep -v '^-mod=' | tr '\n' ' ')
MOD_GOFLAGS="${MOD_GOFLAGS}-mod=mod"
modgo() { GOFLAGS="$MOD_GOFLAGS" go "$@"; }

GOMODCACHE=$(go env GOMODCACHE)
GOROOT=$(go env GOROOT)

# ---- module list -------------------------------------------------------------

read_modules "$LIST"
[ ${#NAMES[@]} -gt 0 ] || die "no modules in $LIST"

SELECTED=()
if [ ${#WANT[@]} -eq 0 ]; then
	SELECTED=("${NAMES[@]}")
else
	for w in "${WANT[@]}"; do
		found=
		for n in "${NAMES[@]}"; do
			if [ "$w" = "$n" ] || [ "$w" = "${MOD[$n]}" ]; then
				found=$n
				break
			fi
		done
		[ -n "$found" ] || die "unknown module $w (known: ${NAMES[*]})"
		SELECTED+=("$found")
	done
fi

mkdir -p "$WORK" "$RESULTS" "$WORK/logs"

# ---- packages ----------------------------------------------------------------

# packages NAME: the packages to analyse, in the module's directory (see
# module_packages in modules.sh).
packages() { GOFLAGS="$MOD_GOFLAGS" module_packages "$1"; }

# ---- setup -----------------------------------------------------------------

# setup NAME: fresh copy of the module in $WORK/NAME, dependencies resolved,
# build cache warm. The marker $WORK/NAME.setup records MODULE@VERSION.
setup() {
	local name=$1 mv="${MOD[$1]}@${VER[$1]}" dir src old
	dir="$WORK/$name"
	local slog="$WORK/logs/$name.setup.log"
	: >"$slog"
	log "[$name] setup $mv"
	rm -f "$WORK/$name.setup"
	src=$(go mod download -json "$mv" 2>>"$slog" | jq -r '.Dir // empty') || true
	if [ -z "$src" ] || [ ! -d "$src" ]; then
		log "[$name] go mod download $mv failed (see $slog)"
		return 1
	fi
	rm -rf "$dir"
	cp -R "$src" "$dir" && chmod -R u+w "$dir" || { log "[$name] copy failed"; return 1; }
	(
		cd "$dir" || exit 1
		# replace directives pointing at directories (../api) only work in
		# the module's own repository; the required versions come from the
		# proxy instead.
		for old in $(go mod edit -json | jq -r '.Replace[]? | select(.New.Path | test("^(\\.|/)")) | .Old.Path + (if .Old.Version then "@" + .Old.Version else "" end)'); do
			echo "dropping local replace $old" >>"$slog"
			go mod edit -dropreplace="$old" || exit 1
		done
		# -mod=mod may only fill in go.sum: a go.mod that lacks a requirement
		# (a module whose tests use a go.mod of their own) would get the
		# newest version of it, maybe a newer go line, so results would
		# depend on the day of the run. Such a module is refused.
		# (A go line "1.23" that becomes "1.23.0" is the same version.)
		gomod() { go mod edit -json | jq -c '{Go: (.Go // "" | if test("^[0-9]+\\.[0-9]+$") then . + ".0" else . end), Require}'; }
		before=$(gomod)
		modgo mod download >>"$slog" 2>&1 || exit 1
		modgo list -deps -test ./... >/dev/null 2>>"$slog" || exit 1
		after=$(gomod)
		if [ "$before" != "$after" ]; then
			{
				echo "resolving dependencies changed go.mod (its requirements are incomplete):"
				jq -rn --argjson b "$before" --argjson a "$after" '
					def m: [(.Require // [])[] | {(.Path): .Version}] | add // {};
					($b | m) as $bm | ($a | m) as $am
					| (if $b.Go != $a.Go then "  go \($b.Go) -> \($a.Go)" else empty end),
					  ($am | to_entries[] | select($bm[.key] != .value)
					   | "  \(.key) \($bm[.key] // "(none)") -> \(.value)")'
			} | tee -a "$slog" | head -n 8 >&2
			exit 1
		fi
		# Warm the build cache (export data of all dependencies); go vet's
		# exit status is 1 when it has findings, so only its log is kept.
		modgo vet $(packages "$name") >>"$slog" 2>&1
		exit 0
	) || { log "[$name] setup failed (see $slog)"; return 1; }
	echo "$mv" >"$WORK/$name.setup"
}

# ---- measuring -------------------------------------------------------------

# timed OUTPREFIX CMD...: runs CMD with stdout/stderr in OUTPREFIX.out/.err and
# /usr/bin/time -v in OUTPREFIX.time; returns CMD's exit status.
timed() {
	local p=$1
	shift
	/usr/bin/time -v -o "$p.time" "$@" >"$p.out" 2>"$p.err"
}
wall() { # seconds from "Elapsed (wall clock) time (h:mm:ss or m:ss): 1:02.33"
	awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, a, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + a[i]; printf "%.1f", s}' "$1"
}
rss_mb() {
	awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$1"
}
# A primary finding in driver output: file:line:col: message, where the
# message does not start with a tab (related information does).
TAB=$'\t'
PRIMARY="^[^[:space:]#][^:]*:[0-9]+:[0-9]+: [^$TAB]"
# Any position line, primary or related ("-: \tmsg" has no position).
POSLINE='^[^[:space:]]+:[0-9]+:[0-9]+: |^-: '
# Temporary copies of the binary for go vet -vettool (see run).
VTDIRS=()
trap 'rm -rf "${VTDIRS[@]+"${VTDIRS[@]}"}"' EXIT
# relpaths ROOT: module root -> relative, module cache and GOROOT -> names.
relpaths() {
	sed -e "s#$1/##g" -e "s#$GOMODCACHE/#\$GOMODCACHE/#g" -e "s#$GOROOT/#\$GOROOT/#g"
}

# fresh_tool: a directory holding a copy of the binary named concurlint
# with a few random bytes appended: a new tool identity for go vet.
fresh_tool() {
	local vt
	vt=$(mktemp -d "$WORK/bin/vettool.XXXXXX") || die "mktemp failed"
	cp "$BIN" "$vt/concurlint" && printf 'x%s' "$RANDOM$$$(date +%s%N)" >>"$vt/concurlint" ||
		die "cannot copy $BIN to $vt"
	echo "$vt"
}

# JQREL defines rel for jq: a path in the module ($root) becomes
# relative, one in the module cache or GOROOT gets that prefix.
JQREL='def rel: if startswith($root) then .[($root | length):]
	elif startswith($mc) then "$GOMODCACHE/" + .[($mc | length):]
	elif startswith($gr) then "$GOROOT/" + .[($gr | length):] else . end;'

# findings_json DIR: concurlint's -json output on stdin,
# {package: {analyzer: [diagnostic] | {error}}}, as one sorted list of
# findings with paths relative to DIR; a file in both pkg and
# pkg [pkg.test] appears twice, so de-duplicated.
findings_json() {
	jq --arg root "$1/" --arg mc "$GOMODCACHE/" --arg gr "$GOROOT/" "$JQREL"'
		[to_entries[] | .value | to_entries[] | .key as $a | select(.value | type == "array") | .value[]
		 | {analyzer: $a, posn: (.posn | rel), message,
		    related: [(.related // [])[] | {posn: (.posn | rel), message}]}]
		| unique_by([.analyzer, .posn, .message])
		| sort_by(.posn | capture("^(?<f>.*):(?<l>[0-9]+):(?<c>[0-9]+)$") // {f: ., l: "0", c: "0"}
		          | [.f, (.l | tonumber), (.c | tonumber)])'
}

# check NAME: concurlint -json on one module, its findings (analyzer,
# file:line) compared with the module's rows of verdicts.tsv; prints
# what is new or gone, returns 1 if anything is or the run failed.
check() {
	local name=$1 dir="$WORK/$1" L="$WORK/logs/$1" vt pkgs rc
	mapfile -t pkgs < <(cd "$dir" && packages "$name")
	[ ${#pkgs[@]} -gt 0 ] || { log "[$name] no packages to analyse"; return 1; }
	vt=$(fresh_tool)
	(cd "$dir" && export GOFLAGS="$MOD_GOFLAGS" && "$vt/concurlint" -json "${pkgs[@]}" >"$L.check.out" 2>"$L.check.err")
	rc=$?
	rm -rf "$vt"
	# Exit 1 with only build errors is a module some of whose packages
	# do not build here (syncthing's generated assets): the rest count.
	local errs builds
	errs=$(jq '[to_entries[] | .value | to_entries[] | select(.value | type == "object")] | length' "$L.check.out" 2>/dev/null || echo -1)
	builds=$(jq '[to_entries[] | .value | to_entries[] | select(.key == "build" and (.value | type == "object"))] | length' "$L.check.out" 2>/dev/null || echo -1)
	if { [ $rc != 0 ] && [ $rc != 3 ] && [ $rc != 1 ]; } || [ "$errs" != "$builds" ] || { [ $rc = 1 ] && [ "$builds" = 0 ]; }; then
		log "[$name] concurlint exited $rc with $errs errors (see $L.check.err)"
		return 1
	fi
	[ "$builds" = 0 ] || log "[$name] $builds packages do not build; the others are checked"
	findings_json "$dir" <"$L.check.out" |
		jq -r '.[] | "\(.analyzer)\t\(.posn | sub(":[0-9]+$"; ""))"' | sort -u >"$L.check.got" ||
		{ log "[$name] cannot read concurlint's -json output"; return 1; }
	awk -F'\t' -v m="$name" '$2 == m {print $1 "\t" $3}' "$CORPUS/verdicts.tsv" | sort -u >"$L.check.want"
	local new gone
	new=$(comm -23 "$L.check.got" "$L.check.want")
	gone=$(comm -13 "$L.check.got" "$L.check.want")
	log "[$name] $(wc -l <"$L.check.got") findings, $(wc -l <"$L.check.want") in verdicts.tsv; new: $(printf '%s' "$new" | grep -c .), gone: $(printf '%s' "$gone" | grep -c .)"
	[ -z "$new" ] || printf '%s\n' "$new" | sed "s/^/  new  $name\t/"
	[ -z "$gone" ] || printf '%s\n' "$gone" | sed "s/^/  gone $name\t/"
	[ -z "$new$gone" ]
}

# run NAME: measure one module; writes $RESULTS/NAME.{txt,json,govet.txt,vettool.txt,stats}.
run() {
	local name=$1 dir="$WORK/$1" L="$WORK/logs/$1" st="$RESULTS/$1.stats.tmp"
	local rc_json rc_text rc_vet rc_vt vt gov lines tlines problems=0
	# Standalone concurlint runs go vet -vettool=<itself> underneath, so
	# each run gets a fresh copy of the binary (see fresh_tool below), or
	# the later runs would be served from go vet's cache.
	local pkgs
	mapfile -t pkgs < <(cd "$dir" && packages "$name")
	[ ${#pkgs[@]} -gt 0 ] || { log "[$name] no packages to analyse"; return 1; }
	local what=./...
	[ -z "${WITHOUT[$name]}" ] || what="(${#pkgs[@]} packages that do not need ${WITHOUT[$name]})"
	log "[$name] concurlint -json $what"
	vt=$(fresh_tool)
	(cd "$dir" && export GOFLAGS="$MOD_GOFLAGS" && timed "$L.cl-json" "$vt/concurlint" -json "${pkgs[@]}")
	rc_json=$?
	rm -rf "$vt"
	log "[$name] concurlint $what  (text)"
	vt=$(fresh_tool)
	(cd "$dir" && export GOFLAGS="$MOD_GOFLAGS" && timed "$L.cl-text" "$vt/concurlint" "${pkgs[@]}")
	rc_text=$?
	rm -rf "$vt"
	# go vet caches its results; a -printf.funcs value that matches nothing
	# changes the cache key, so vet really runs (the build cache stays warm).
	log "[$name] go vet $what"
	(cd "$dir" && export GOFLAGS="$MOD_GOFLAGS" && timed "$L.vet" go vet -printf.funcs="corpusnonce$(date +%s%N)" "${pkgs[@]}")
	rc_vet=$?
	# concurlint under the go vet driver. go vet caches results under the
	# tool's -V=full identity, a hash of the executable, so each run gets a
	# copy of the binary with a few random bytes appended: a new tool, whose
	# facts about every dependency are recomputed too. The copy keeps the
	# name concurlint (the tool prefixes its errors with it); -vettool needs
	# an absolute path.
	log "[$name] go vet -vettool=concurlint $what"
	vt=$(fresh_tool)
	(cd "$dir" && export GOFLAGS="$MOD_GOFLAGS" && timed "$L.vt" go vet -vettool="$vt/concurlint" "${pkgs[@]}")
	rc_vt=$?
	rm -rf "$vt"

	# Text output: the standalone driver prints findings on stderr.
	relpaths "$dir" <"$L.cl-text.err" >"$RESULTS/$name.txt"
	relpaths "$dir" <"$L.vet.err" | grep -v '^#' >"$RESULTS/$name.govet.txt"
	# go vet prints paths relative to the current directory, maybe as ./x.go.
	relpaths "$dir" <"$L.vt.err" | sed 's#^\./##' >"$RESULTS/$name.vettool.txt"

	local json_ok=1
	if ! findings_json "$dir" <"$L.cl-json.out" >"$RESULTS/$name.json" 2>"$L.jq.err"; then
		json_ok=0
		echo '[]' >"$RESULTS/$name.json"
	fi
	local nerr
	nerr=$(jq '[to_entries[] | .value | to_entries[] | select(.value | type == "object")] | length' "$L.cl-json.out" 2>/dev/null || echo 0)
	jq -r --arg root "$dir/" --arg mc "$GOMODCACHE/" --arg gr "$GOROOT/" "$JQREL"'
		to_entries[] | .key as $p | .value | to_entries[] | select(.value | type == "object")
		| "\(.key) on \($p): \(.value.error | rel)"' "$L.cl-json.out" >"$L.analyzer-errors" 2>/dev/null || : >"$L.analyzer-errors"

	gov=$(cd "$dir" && go mod edit -json | jq -r '.Go // "none"')
	lines=$(find "$dir" -name '*.go' -type f -not -path '*/vendor/*' -not -path '*/testdata/*' -print0 | xargs -0 cat | wc -l)
	tlines=$(find "$dir" -name '*_test.go' -type f -not -path '*/vendor/*' -not -path '*/testdata/*' -print0 | xargs -0 cat | wc -l)
	local panics
	panics=$(cat "$L.cl-json.err" "$L.cl-text.err" | grep -c -E 'panic:|internal error' || true)

	# The vettool run: distinct primary findings, panics, and any line that is
	# neither a finding nor its related information (tool errors, "# pkg"
	# headers, which go vet prints for type errors). Its findings must be the
	# standalone ones: compare the sets of file:line:col.
	local vt_panics vt_errors vt_findings vt_lines vt_agree=1
	vt_panics=$(cat "$L.vt.out" "$L.vt.err" | grep -c -E 'panic:|internal error' || true)
	cat "$L.vt.out" "$L.vt.err" | grep -v -E "$POSLINE|^\$" | relpaths "$dir" >"$L.vt.other" || true
	vt_errors=$(wc -l <"$L.vt.other")
	# Compile errors of packages that do not build are printed as
	# file:line:col lines too (go vet's and concurlint's text output):
	# their positions, from the -json run's "build" errors, are not
	# findings.
	relpaths "$dir" <"$L.analyzer-errors" | sed -n -E 's/^(build on [^:]*: )?([^: ]+:[0-9]+:[0-9]+): .*/\2/p' | LC_ALL=C sort -u >"$L.fail.posns"
	findings_in() { grep -E "$PRIMARY" "$1" | sed -E 's/^([^:]*:[0-9]+:[0-9]+): .*/\1/' | LC_ALL=C sort -u | LC_ALL=C comm -23 - "$L.fail.posns"; }
	vt_lines=$(grep -c -E "$PRIMARY" "$RESULTS/$name.vettool.txt" || true)
	vt_findings=$(findings_in "$RESULTS/$name.vettool.txt" | wc -l)
	jq -r '.[].posn' "$RESULTS/$name.json" | LC_ALL=C sort -u >"$L.cl.posns"
	findings_in "$RESULTS/$name.vettool.txt" >"$L.vt.posns"
	diff -U0 --label standalone --label vettool "$L.cl.posns" "$L.vt.posns" | grep -v '^@@' >"$L.vt.diff" || true
	[ -s "$L.vt.diff" ] && vt_agree=0
	# The two standalone runs (-json and text) must agree as well; when they
	# do not, the analyzers are not deterministic and a vettool difference
	# need not be the driver's.
	local cl_runs_agree=1
	findings_in "$RESULTS/$name.txt" >"$L.cl-text.posns"
	diff -U0 --label 'concurlint -json' --label 'concurlint (text)' "$L.cl.posns" "$L.cl-text.posns" | grep -v '^@@' >"$L.cl-runs.diff" || true
	[ -s "$L.cl-runs.diff" ] && cl_runs_agree=0

	{
		echo "module=${MOD[$name]}"
		echo "version=${VER[$name]}"
		echo "go=$gov"
		echo "lines=$lines"
		echo "test_lines=$tlines"
		echo "rev=$REV"
		echo "date=$(date -u +%Y-%m-%d)"
		echo "cl_exit_json=$rc_json"
		echo "cl_exit_text=$rc_text"
		echo "cl_wall=$(wall "$L.cl-json.time")"
		echo "cl_rss_mb=$(rss_mb "$L.cl-json.time")"
		echo "cl_text_wall=$(wall "$L.cl-text.time")"
		echo "cl_findings=$(jq length "$RESULTS/$name.json")"
		jq -r 'group_by(.analyzer)[] | "findings.\(.[0].analyzer)=\(length)"' "$RESULTS/$name.json"
		echo "cl_json_ok=$json_ok"
		echo "cl_analyzer_errors=$nerr"
		echo "cl_panics=$panics"
		echo "cl_runs_agree=$cl_runs_agree"
		echo "vet_exit=$rc_vet"
		echo "vet_wall=$(wall "$L.vet.time")"
		echo "vet_rss_mb=$(rss_mb "$L.vet.time")"
		echo "vet_findings=$(grep -c -E '^[^[:space:]#][^:]*\.go:[0-9]+:[0-9]+: ' "$RESULTS/$name.govet.txt" || true)"
		echo "vt_exit=$rc_vt"
		echo "vt_wall=$(wall "$L.vt.time")"
		echo "vt_rss_mb=$(rss_mb "$L.vt.time")"
		echo "vt_findings=$vt_findings"
		echo "vt_finding_lines=$vt_lines"
		echo "vt_panics=$vt_panics"
		echo "vt_errors=$vt_errors"
		echo "vt_agree=$vt_agree"
	} >"$st"

	# Problems: anything that is not a clean run with or without findings.
	: >"$RESULTS/$name.problems.tmp"
	if [ "$panics" -gt 0 ]; then
		{ echo "concurlint panic / internal error:"; cat "$L.cl-json.err" "$L.cl-text.err" | grep -m 5 -A 3 -E 'panic:|internal error' | relpaths "$dir"; } >>"$RESULTS/$name.problems.tmp"
	fi
	if [ "$nerr" -gt 0 ]; then
		{ echo "analyzer errors ($nerr):"; head -n 10 "$L.analyzer-errors"; } >>"$RESULTS/$name.problems.tmp"
	fi
	if { [ "$rc_json" -ne 0 ] && [ "$rc_json" -ne 3 ]; } || [ "$json_ok" -ne 1 ]; then
		{ echo "concurlint -json exit $rc_json (json parsed: $json_ok):"; head -n 10 "$L.cl-json.err" | relpaths "$dir"; } >>"$RESULTS/$name.problems.tmp"
	fi
	if [ "$rc_text" -ne 0 ] && [ "$rc_text" -ne 3 ]; then
		{ echo "concurlint (text) exit $rc_text:"; grep -v -E '^[^[:space:]]+\.go:[0-9]+:[0-9]+: ' "$L.cl-text.err" | head -n 10 | relpaths "$dir"; } >>"$RESULTS/$name.problems.tmp"
	fi
	if [ "$rc_vet" -ne 0 ] && [ "$rc_vet" -ne 1 ]; then
		{ echo "go vet exit $rc_vet:"; tail -n 10 "$L.vet.err" | relpaths "$dir"; } >>"$RESULTS/$name.problems.tmp"
	fi
	if grep -q -E '^vet: |cannot find package|no required module|missing go.sum' "$L.vet.err"; then
		{ echo "go vet reported errors:"; grep -m 10 -E '^vet: |cannot find package|no required module|missing go.sum' "$L.vet.err" | relpaths "$dir"; } >>"$RESULTS/$name.problems.tmp"
	fi
	if [ "$vt_panics" -gt 0 ]; then
		{ echo "concurlint (go vet -vettool) panic / internal error:"; cat "$L.vt.out" "$L.vt.err" | grep -m 5 -A 3 -E 'panic:|internal error' | relpaths "$dir"; } >>"$RESULTS/$name.problems.tmp"
	fi
	if [ "$rc_vt" -ne 0 ] && [ "$rc_vt" -ne 1 ]; then
		{ echo "go vet -vettool exit $rc_vt:"; tail -n 10 "$L.vt.err" | relpaths "$dir"; } >>"$RESULTS/$name.problems.tmp"
	fi
	if [ "$vt_errors" -gt 0 ]; then
		{ echo "go vet -vettool printed $vt_errors lines that are not findings:"; head -n 10 "$L.vt.other"; } >>"$RESULTS/$name.problems.tmp"
	fi
	if [ "$cl_runs_agree" -ne 1 ]; then
		{
			echo "the standalone -json and text runs differ (file:line:col of primary findings; the analyzers are not deterministic):"
			head -n 40 "$L.cl-runs.diff"
			[ "$(wc -l <"$L.cl-runs.diff")" -le 40 ] || echo "... ($(wc -l <"$L.cl-runs.diff") lines)"
		} >>"$RESULTS/$name.problems.tmp"
	fi
	if [ "$vt_agree" -ne 1 ]; then
		{
			echo "standalone (-json) and vettool findings differ (file:line:col of primary findings; - standalone only, + vettool only):"
			head -n 40 "$L.vt.diff"
			[ "$(wc -l <"$L.vt.diff")" -le 40 ] || echo "... ($(wc -l <"$L.vt.diff") lines)"
		} >>"$RESULTS/$name.problems.tmp"
	fi
	if [ -s "$RESULTS/$name.problems.tmp" ]; then
		problems=1
		mv "$RESULTS/$name.problems.tmp" "$RESULTS/$name.problems.txt"
		log "[$name] PROBLEMS:"
		sed 's/^/    /' "$RESULTS/$name.problems.txt" >&2
	else
		rm -f "$RESULTS/$name.problems.tmp" "$RESULTS/$name.problems.txt"
	fi
	echo "problems=$problems" >>"$st"
	mv "$st" "$RESULTS/$name.stats"
	log "[$name] $(grep -E '^(cl_findings|cl_wall|cl_rss_mb|vet_findings|vet_wall|vet_rss_mb|vt_findings|vt_wall|vt_rss_mb|vt_agree)=' "$RESULTS/$name.stats" | tr '\n' ' ')"
	return $problems
}

# ---- summary -----------------------------------------------------------------

stat() { sed -n "s/^$2=//p" "$RESULTS/$1.stats" | head -n 1; }
# agree KEY: "A of B": modules whose stats have KEY=1, of those that have KEY.
agree() {
	local n a=0 b=0 v
	for n in "${NAMES[@]}"; do
		[ -f "$RESULTS/$n.stats" ] || continue
		v=$(stat "$n" "$1")
		[ -n "$v" ] || continue
		b=$((b + 1))
		[ "$v" = 1 ] && a=$((a + 1))
	done
	echo "$a of $b"
}

summary() {
	local out="$RESULTS/summary.md.tmp" n a analyzers=() seen
	# Analyzer columns: the suite's (from `concurlint help`), then any other
	# that an older stats file mentions.
	mapfile -t analyzers < <("$BIN" help | awk '/^Analyzers:/ {on = 1; next} on && /^[[:space:]]*$/ {exit} on {print $1}')
	for n in "${NAMES[@]}"; do
		[ -f "$RESULTS/$n.stats" ] || continue
		for a in $(sed -n 's/^findings\.\([^=]*\)=.*/\1/p' "$RESULTS/$n.stats"); do
			seen=0
			for x in "${analyzers[@]}"; do [ "$x" = "$a" ] && seen=1; done
			[ $seen = 1 ] || analyzers+=("$a")
		done
	done
	{
		echo "# concurlint corpus results"
		echo
		echo "Generated by \`scripts/corpus.sh\` from \`corpus/modules.txt\`; per-module files are"
		echo "\`<name>.txt\` (concurlint text output), \`<name>.json\` (findings with analyzer names),"
		echo "\`<name>.govet.txt\` (go vet output), \`<name>.vettool.txt\` (go vet -vettool=concurlint output)"
		echo "and \`<name>.stats\`."
		echo
		echo "- machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(go version | awk '{print $3}')"
		echo "- concurlint analyzers: ${analyzers[*]:-none}"
		echo "- lines: all \`.go\` files (tests included; test lines in parentheses), excluding \`vendor/\` and \`testdata/\`"
		echo "- concurlint: standalone \`concurlint -json ./...\` (tests included; it runs go vet -vettool=<itself> underneath, a fresh copy of the binary each run so vet's result cache is bypassed); findings de-duplicated across a package and its test variant"
		echo "- go vet: \`go vet ./...\` with a warm build cache and its result cache bypassed; findings = \`file:line:col:\` lines"
		echo "- vettool: concurlint under the go vet driver, \`go vet -vettool=concurlint ./...\`, its result cache bypassed (a fresh tool identity each run, so dependencies' facts are recomputed too); findings = distinct primary \`file:line:col:\` lines (related information excluded)"
		echo "- wall: seconds; RSS: peak resident memory of the largest single process (MB), from \`/usr/bin/time -v\`"
		echo "- ratio: concurlint wall / go vet wall; vettool ratio: vettool wall / go vet wall"
		echo "- drivers: standalone (-json) and vettool findings (\`file:line:col\` sets) agree on $(agree vt_agree) modules; the standalone -json and text runs agree on $(agree cl_runs_agree); a difference is a problem"
		echo
		echo "| module | version | go | lines (tests) | concurlint findings | concurlint wall | concurlint RSS | go vet findings | go vet wall | go vet RSS | ratio | vettool findings | vettool wall | vettool RSS | vettool ratio | problems | run |"
		echo "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |"
		local tl=0 ttl=0 tf=0 tcw=0 tvw=0 tvf=0 mcr=0 mvr=0 cnt=0 ttf=0 ttw=0 mtr=0 tvw2=0 tcnt=0
		for n in "${NAMES[@]}"; do
			if [ ! -f "$RESULTS/$n.stats" ]; then
				echo "| $n | ${VER[$n]} | | | | | | | | | | | | | | not run | |"
				continue
			fi
			local l t f cw cr vf vw vr p ratio tf1 tw tr tratio1
			l=$(stat "$n" lines); t=$(stat "$n" test_lines); f=$(stat "$n" cl_findings)
			cw=$(stat "$n" cl_wall); cr=$(stat "$n" cl_rss_mb)
			vf=$(stat "$n" vet_findings); vw=$(stat "$n" vet_wall); vr=$(stat "$n" vet_rss_mb)
			tf1=$(stat "$n" vt_findings); tw=$(stat "$n" vt_wall); tr=$(stat "$n" vt_rss_mb)
			p=$(stat "$n" problems)
			ratio=$(awk -v a="$cw" -v b="$vw" 'BEGIN {if (b > 0) printf "%.2f", a / b; else print "-"}')
			if [ -n "$tw" ]; then
				tratio1=$(awk -v a="$tw" -v b="$vw" 'BEGIN {if (b > 0) printf "%.2f", a / b; else print "-"}')
				ttf=$((ttf + tf1)); tcnt=$((tcnt + 1))
				ttw=$(awk -v a="$ttw" -v b="$tw" 'BEGIN {print a + b}')
				tvw2=$(awk -v a="$tvw2" -v b="$vw" 'BEGIN {print a + b}')
				[ "${tr:-0}" -gt "$mtr" ] && mtr=$tr
			else
				tf1=-; tw=-; tr=-; tratio1=-
			fi
			[ "$p" = 0 ] && p=none || p="see $n.problems.txt"
			echo "| $n | $(stat "$n" version) | $(stat "$n" go) | $l ($t) | $f | $cw | $cr | $vf | $vw | $vr | $ratio | $tf1 | $tw | $tr | $tratio1 | $p | $(stat "$n" date) $(stat "$n" rev) |"
			tl=$((tl + l)); ttl=$((ttl + t)); tf=$((tf + f)); tvf=$((tvf + vf)); cnt=$((cnt + 1))
			tcw=$(awk -v a="$tcw" -v b="$cw" 'BEGIN {print a + b}')
			tvw=$(awk -v a="$tvw" -v b="$vw" 'BEGIN {print a + b}')
			[ "${cr:-0}" -gt "$mcr" ] && mcr=$cr
			[ "${vr:-0}" -gt "$mvr" ] && mvr=$vr
		done
		local tratio ttratio
		tratio=$(awk -v a="$tcw" -v b="$tvw" 'BEGIN {if (b > 0) printf "%.2f", a / b; else print "-"}')
		# vettool totals cover the modules with vettool stats ($tcnt of $cnt).
		ttratio=$(awk -v a="$ttw" -v b="$tvw2" 'BEGIN {if (b > 0) printf "%.2f", a / b; else print "-"}')
		local tsuf=
		[ "$tcnt" = "$cnt" ] || tsuf=" ($tcnt)"
		echo "| **total ($cnt)** | | | $tl ($ttl) | $tf | $tcw | max $mcr | $tvf | $tvw | max $mvr | $tratio | $ttf$tsuf | $ttw | max $mtr | $ttratio | | |"
		echo
		echo "## Findings per analyzer"
		echo
		printf '| module |'; for a in "${analyzers[@]}"; do printf ' %s |' "$a"; done; echo
		printf '| --- |'; for a in "${analyzers[@]}"; do printf ' ---: |'; done; echo
		declare -A tot=()
		for n in "${NAMES[@]}"; do
			[ -f "$RESULTS/$n.stats" ] || continue
			printf '| %s |' "$n"
			for a in "${analyzers[@]}"; do
				f=$(stat "$n" "findings\\.$a"); f=${f:-0}
				tot[$a]=$(( ${tot[$a]:-0} + f ))
				printf ' %s |' "$f"
			done
			echo
		done
		printf '| **total** |'; for a in "${analyzers[@]}"; do printf ' %s |' "${tot[$a]:-0}"; done; echo
		local any=0
		for n in "${NAMES[@]}"; do [ -f "$RESULTS/$n.problems.txt" ] && any=1; done
		if [ $any = 1 ]; then
			echo
			echo "## Problems"
			for n in "${NAMES[@]}"; do
				[ -f "$RESULTS/$n.problems.txt" ] || continue
				echo
				echo "### $n"
				echo
				echo '```'
				cat "$RESULTS/$n.problems.txt"
				echo '```'
			done
		fi
	} >"$out"
	mv "$out" "$RESULTS/summary.md"
}

# ---- main --------------------------------------------------------------------

START=$(date +%s)
FAILED=()

if [ $SKIP_SETUP = 1 ]; then
	for n in "${SELECTED[@]}"; do
		want="${MOD[$n]}@${VER[$n]}"
		have=$(cat "$WORK/$n.setup" 2>/dev/null || true)
		[ "$have" = "$want" ] || die "[$n] --skip-setup, but $WORK/$n is not set up for $want (have: ${have:-nothing}); run without --skip-setup"
	done
else
	OK=()
	for n in "${SELECTED[@]}"; do
		if setup "$n"; then OK+=("$n"); else FAILED+=("$n (setup)"); fi
	done
	SELECTED=("${OK[@]+"${OK[@]}"}")
fi
if [ $SETUP_ONLY = 1 ]; then
	log "setup done in $(($(date +%s) - START))s${FAILED:+; failed: ${FAILED[*]}}"
	[ ${#FAILED[@]} -eq 0 ]
	exit
fi

log "building concurlint"
(cd "$REPO" && go build -o "$BIN" ./cmd/concurlint) || die "go build ./cmd/concurlint failed"
REV=$(cd "$REPO" && git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(cd "$REPO" && git status --porcelain -- cmd analyzers internal go.mod go.sum 2>/dev/null)" ]; then
	REV="$REV+dirty"
fi

if [ $CHECK = 1 ]; then
	for n in "${SELECTED[@]}"; do
		check "$n" || FAILED+=("$n")
	done
	log "check done in $(($(date +%s) - START))s${FAILED:+; differs from verdicts.tsv or failed: ${FAILED[*]}}"
	[ ${#FAILED[@]} -eq 0 ]
	exit
fi

for n in "${SELECTED[@]}"; do
	run "$n" || FAILED+=("$n")
done
summary
log "done in $(($(date +%s) - START))s; summary: ${RESULTS#"$REPO"/}/summary.md"
if [ ${#FAILED[@]} -gt 0 ]; then
	log "problems in: ${FAILED[*]}"
	exit 1
fi
