#!/usr/bin/env bash
# golangci-e2e.sh: build golangci-lint v2.15.0 with the concurlint module
# plugin (plugin/golangci) and check what it reports on testdata/golangci.
#
# Usage: scripts/golangci-e2e.sh
#
# `golangci-lint custom` git-clones golangci-lint from GitHub, which many CI
# systems (and this one) cannot reach. This script builds the same binary
# from the module source the Go module proxy serves:
#   go mod download github.com/golangci/golangci-lint/v2@v2.15.0, copy it out
#   of the read-only module cache, write cmd/golangci-lint/plugins.go with
#   the plugin's blank import, go mod edit -replace the concurlint module to
#   this checkout, go mod tidy, go build ./cmd/golangci-lint.
#
# Cache: the prepared source tree and the binary live under
# ${XDG_CACHE_HOME:-$HOME/.cache}/concurlint/golangci-lint-v2.15.0/. The
# binary is rebuilt when this checkout's Go sources (or go.mod/go.sum, or
# the Go version) change; the Go build cache keeps a rebuild short.
#
# Checks, each printed as a PASS or FAIL line (exit 1 if any fails, 2 if
# the binary cannot be built):
#   findings     the exact findings on the fixture (file:line:col, the
#                linter name concurlint and a message fragment), exit 1
#   suppression  with the //nolint:concurlint and //concurlint:ignore
#                comments blanked out, their findings come back
#   settings     golangci-spawners.yml (lockorder disabled, a spawner
#                declared) changes the findings accordingly;
#                golangci-issues.yml (related-information: issues) gives
#                golangci-lint's one issue per related location;
#                golangci-govet.yml (govet too, issues.uniq-by-line:
#                false) keeps both issues on a line both linters flag
#   clean        a clean package: no output, exit 0
#   bad-settings an unknown settings key stops golangci-lint with an error
#
# Not part of `go test`: a cold build takes minutes. Run by .ci/run.

set -u -o pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
FIXTURE="$REPO/testdata/golangci"
GCL_MODULE=github.com/golangci/golangci-lint/v2
GCL_VERSION=v2.15.0
PLUGIN_MODULE=github.com/concurlint/concurlint
PLUGIN_IMPORT=$PLUGIN_MODULE/plugin/golangci
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/concurlint/golangci-lint-$GCL_VERSION"
SRC="$CACHE/src"
BIN="$CACHE/golangci-lint"
STAMP="$CACHE/stamp"

log() { echo "golangci-e2e: $*" >&2; }
die() { log "$*"; exit 2; }

FAILED=0
pass() { echo "PASS $*"; }
fail() { echo "FAIL $*"; FAILED=1; }

command -v go >/dev/null || die "go is not on PATH"

# source_stamp identifies what the binary is built from: the golangci-lint
# version, the Go toolchain, where the checkout is (the replace target) and
# the checkout's Go sources outside test data.
source_stamp() {
	{
		echo "$GCL_VERSION $(go env GOVERSION) $REPO"
		(cd "$REPO" && find . \( -name testdata -o -name corpus -o -name '.*' ! -name . \) -prune -o \
			-type f \( -name '*.go' -o -name go.mod -o -name go.sum \) -print |
			LC_ALL=C sort | xargs sha256sum)
	} | sha256sum | cut -d' ' -f1
}

# prepare_source copies golangci-lint's module source out of the module
# cache into $SRC and adds the plugin import. The replace directive and
# go mod tidy are redone on every build (the checkout's go.mod may change).
prepare_source() {
	if [ -f "$SRC/.prepared" ]; then
		return 0
	fi
	log "downloading $GCL_MODULE@$GCL_VERSION from the module proxy"
	local dir
	dir=$(cd "$CACHE" && go mod download -json "$GCL_MODULE@$GCL_VERSION" |
		sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p') || return 1
	if [ -z "$dir" ] || [ ! -d "$dir" ]; then
		log "go mod download gave no directory"
		return 1
	fi
	rm -rf "$SRC" && cp -R "$dir" "$SRC" && chmod -R u+w "$SRC" || return 1
	cat >"$SRC/cmd/golangci-lint/plugins.go" <<EOF
package main

// Written by concurlint's scripts/golangci-e2e.sh, as golangci-lint custom
// writes it from .custom-gcl.yml.
import _ "$PLUGIN_IMPORT"
EOF
	touch "$SRC/.prepared"
}

build_binary() {
	mkdir -p "$CACHE" || return 1
	local stamp
	stamp=$(source_stamp) || return 1
	if [ -x "$BIN" ] && [ "$(cat "$STAMP" 2>/dev/null)" = "$stamp" ]; then
		log "reusing $BIN (checkout unchanged since it was built)"
		return 0
	fi
	local start=$SECONDS
	prepare_source || return 1
	log "building golangci-lint $GCL_VERSION with $PLUGIN_IMPORT from $REPO"
	(
		cd "$SRC" &&
			go mod edit -replace "$PLUGIN_MODULE=$REPO" &&
			go mod tidy &&
			go build -o "$BIN.new" \
				-ldflags "-X main.version=${GCL_VERSION#v}-concurlint -X main.date=$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
				./cmd/golangci-lint
	) >&2 || return 1
	mv "$BIN.new" "$BIN" && echo "$stamp" >"$STAMP" || return 1
	log "built $BIN in $((SECONDS - start))s"
}

# Serialise runs that share the cache, where flock exists.
mkdir -p "$CACHE" || die "cannot create $CACHE"
if command -v flock >/dev/null; then
	exec 9>"$CACHE/lock"
	flock 9
fi
build_start=$SECONDS
build_binary || die "could not build golangci-lint with the plugin"
log "build step: $((SECONDS - build_start))s"
"$BIN" version >&2 || die "$BIN does not run"

WORK=$(mktemp -d) || die "mktemp failed"
trap 'rm -rf "$WORK"' EXIT

# run DIR CONFIG PATTERN: golangci-lint's text output on stdout of the
# case, its exit code in $RC, its stderr in $WORK/stderr.
# golangci-lint caches a package's issues by its files and settings, not
# by the plugin's code: a cache of its own per script run, so that a
# result of an older concurlint is never replayed.
run() {
	local dir=$1 config=$2 pattern=$3
	OUT=$(cd "$dir" && GOLANGCI_LINT_CACHE="$WORK/gcl-cache" "$BIN" run -c "$config" --show-stats=false \
		--output.text.print-issued-lines=false --output.text.colors=false "$pattern" 2>"$WORK/stderr")
	RC=$?
}

# check NAME MODE WANT_RC EXPECTATION...: each expectation is
# "file:line:col|fragment[|fragment...]"; it matches one finding line
# "file:line:col: ...fragment...fragment... (concurlint)". MODE exact also
# fails on findings no expectation matched; MODE subset does not.
check() {
	local name=$1 mode=$2 want_rc=$3
	shift 3
	local ok=1 lines=() used=() i exp loc pattern found
	if [ -n "$OUT" ]; then
		mapfile -t lines <<<"$OUT"
	fi
	for exp in "$@"; do
		loc=${exp%%|*}
		pattern="$(printf '%q' "$loc: ")$(glob_of "${exp#*|}")$(printf '%q' " (concurlint)")"
		found=0
		for i in "${!lines[@]}"; do
			[ -n "${used[$i]:-}" ] && continue
			# shellcheck disable=SC2053 # $pattern is a glob on purpose
			if [[ ${lines[$i]} == $pattern ]]; then
				used[i]=1
				found=1
				break
			fi
		done
		if [ $found = 0 ]; then
			echo "  missing: $loc: ...${exp#*|}... (concurlint)"
			ok=0
		fi
	done
	if [ "$mode" = exact ]; then
		for i in "${!lines[@]}"; do
			if [ -z "${used[$i]:-}" ]; then
				echo "  unexpected: ${lines[$i]}"
				ok=0
			fi
		done
	fi
if [ "$RC" != "$want_rc" ]; then
		echo "  exit code $RC, want $want_rc"
		ok=0
	fi
	if [ $ok = 1 ]; then
		pass "$name"
	else
		echo "  --- output:"
		printf '%s\n' "$OUT" | sed 's/^/  | /'
		sed 's/^/  stderr| /' "$WORK/stderr"
		fail "$name"
	fi
}

# glob_of "a|b": the glob *a*b* with the fragments' glob characters quoted.
glob_of() {
	local frag out="*"
	local IFS='|'
	for frag in $1; do
		out+=$(printf '%q' "$frag")"*"
	done
	printf '%s' "$out"
}

# The fixture's findings under .golangci.yml. The plugin folds related
# information into the message ("[what: file:line:col; ...]"), so each
# finding is one issue.
INVERTED="bugs/inverted.go:9:12|lockorder: lock order inversion: (order.Out).Mu then (order.In).Mu here in bugs.Inverted|order.go:14 in order.InOut|[(order.Out).Mu acquired here, before (order.In).Mu: inverted.go:7:13; order.InOut acquires (order.Out).Mu while holding (order.In).Mu, at order.go:14 in order.InOut: ../order/order.go:11:6]"
LOCKORDER="bugs/locks.go:21:12|lockorder: to.mu is locked while from.mu is held|[from.mu locked here: locks.go:19:14]"
LOOPCAPTURE="bugs/loops.go:11:8|loopcapture: loop variable it is shared by every iteration|[loop variable it declared here, once for all iterations: loops.go:9:9; goroutine started here: loops.go:10:3]"
MAPACCESS="bugs/maps.go:7:4|mapaccess: map m is written by this goroutine while its spawner reads it|[m read here by the spawner: maps.go:9:10; goroutine started here: maps.go:6:2]"
STALE="bugs/suppress.go:27:3|loopcapture: //concurlint:ignore loopcapture suppresses nothing here"
POOL="bugs/loops.go:26:8|loopcapture: loop variable it is shared by every iteration|[loop variable it declared here, once for all iterations: loops.go:24:9; goroutine started here: loops.go:25:3]"

cp -R "$FIXTURE" "$WORK/fixture" || die "cannot copy $FIXTURE"

start=$SECONDS
run "$WORK/fixture" .golangci.yml ./...
check "findings: lockorder (in a package and across two), loopcapture (also through an inferred spawner), mapaccess, a stale directive; nolint and ignore silence theirs; exit 1" \
	exact 1 "$INVERTED" "$LOCKORDER" "$LOOPCAPTURE" "$MAPACCESS" "$STALE" "$POOL"

# Blank out both suppression comments (keeping line numbers): the two
# findings they silenced must come back.
cp -R "$FIXTURE" "$WORK/unsuppressed" || die "cannot copy $FIXTURE"
sed -i -e 's|//nolint:concurlint.*$||' -e 's|//concurlint:ignore loopcapture joined by the caller|// (directive removed)|' \
	"$WORK/unsuppressed/bugs/suppress.go"
run "$WORK/unsuppressed" .golangci.yml ./...
check "suppression: without //nolint:concurlint and //concurlint:ignore their findings are reported" \
	subset 1 \
	"bugs/suppress.go:10:8|loopcapture: loop variable it is shared by every iteration" \
	"bugs/suppress.go:19:8|loopcapture: loop variable it is shared by every iteration"

run "$WORK/fixture" golangci-spawners.yml ./...
check "settings: disable lockorder and declare a spawner (golangci-spawners.yml)" \
	exact 1 "$LOOPCAPTURE" "$MAPACCESS" "$STALE" "$POOL"

# related-information: issues is golangci-lint's own handling: one more
# issue per related location. A //nolint on the finding's line then
# leaves those (suppress.go:8 and :9); //concurlint:ignore drops all.
# A related location in another file is put on the finding's own line,
# where golangci-lint's one-issue-per-line filter drops it (order.go).
run "$WORK/fixture" golangci-issues.yml ./...
check "settings: related-information: issues (golangci-lint's own handling)" \
	exact 1 \
	"bugs/inverted.go:9:12|lockorder: lock order inversion: (order.Out).Mu then (order.In).Mu here in bugs.Inverted|goroutines taking both paths at once deadlock" \
	"bugs/inverted.go:7:13|lockorder(related information): (order.Out).Mu acquired here, before (order.In).Mu" \
	"bugs/locks.go:21:12|lockorder: to.mu is locked while from.mu is held, and both are (bugs.Account).mu: nothing decides their order, so a call with the two swapped deadlocks against this one; lock them in a fixed order (by ID or address)" \
	"bugs/locks.go:19:14|lockorder(related information): from.mu locked here" \
	"bugs/loops.go:11:8|loopcapture: loop variable it is shared by every iteration" \
	"bugs/loops.go:9:9|loopcapture(related information): loop variable it declared here" \
	"bugs/loops.go:10:3|loopcapture(related information): goroutine started here" \
	"bugs/maps.go:7:4|mapaccess: map m is written by this goroutine" \
	"bugs/maps.go:9:10|mapaccess(related information): m read here by the spawner" \
	"bugs/maps.go:6:2|mapaccess(related information): goroutine started here" \
	"bugs/suppress.go:8:9|loopcapture(related information): loop variable it declared here" \
	"bugs/suppress.go:9:3|loopcapture(related information): goroutine started here" \
	"bugs/loops.go:26:8|loopcapture: loop variable it is shared by every iteration" \
	"bugs/loops.go:24:9|loopcapture(related information): loop variable it declared here" \
	"bugs/loops.go:25:3|loopcapture(related information): goroutine started here" \
	"$STALE"

# With another linter on the same line (govet's loopclosure on
# loops.go:11), golangci-lint's one-issue-per-line filter keeps one of
# the two issues; docs/golangci-lint.md turns it off
# (issues.uniq-by-line: false), and then both are reported.
run "$WORK/fixture" golangci-govet.yml ./bugs/...
check "settings: issues.uniq-by-line: false keeps concurlint's issue on a line govet flags too" \
	subset 1 "$LOOPCAPTURE"
if ! grep -q '^bugs/loops.go:11:8: .*(govet)$' <<<"$OUT"; then
	echo "  missing: govet's issue on bugs/loops.go:11:8"
	printf '%s\n' "$OUT" | sed 's/^/  | /'
	fail "settings: uniq-by-line: false keeps govet's issue on the same line"
fi

run "$WORK/fixture" .golangci.yml ./clean/...
check "clean: no findings, exit 0" exact 0

# An unknown settings key is a configuration error (exit 3) that names it.
sed 's/^\(          \)enable:/\1enabled:/' "$FIXTURE/.golangci.yml" >"$WORK/fixture/bad.yml"
run "$WORK/fixture" bad.yml ./...
if [ "$RC" = 3 ] && grep -q 'unknown field "enabled"' "$WORK/stderr" && grep -q 'valid keys: enable, disable, spawners, flags, related-information' "$WORK/stderr"; then
	pass "bad-settings: unknown key rejected: $(grep -o 'unknown field.*' "$WORK/stderr" | head -1)"
else
	echo "  exit code $RC, want 3 and an unknown-field error; stderr:"
	sed 's/^/  stderr| /' "$WORK/stderr"
	fail "bad-settings: unknown key rejected"
fi
log "lint runs: $((SECONDS - start))s"

if [ $FAILED != 0 ]; then
	log "FAILED"
	exit 1
fi
log "all checks passed"
