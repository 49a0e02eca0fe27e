#!/usr/bin/env bash
# precommit-e2e.sh: run concurlint's pre-commit hooks (.pre-commit-hooks.yaml)
# the way a user's pre-commit does, on fixture repositories.
#
# Usage: scripts/precommit-e2e.sh [--keep]
#
#   --keep   keep the temporary directory (logs, repositories) and print it
#
# Needs Go, git and Debian's pre-commit; installs pre-commit with apt-get
# if it is missing (as root, or through sudo).
#
# What it does:
#   1. snapshots this checkout's working tree as it is (tracked files with
#      their uncommitted changes, plus untracked files that are not ignored)
#      into a temporary git repository with one commit. pre-commit 3.0.4's
#      try-repo would itself commit uncommitted changes to tracked files but
#      silently drop untracked ones (a new file not yet `git add`ed), so the
#      snapshot is what makes the test see exactly the files on disk;
#   2. makes a git repository from each fixture module in testdata/precommit
#      (bad: a lock-order inversion and a loop variable captured by a
#      goroutine in a go1.21 module; clean: the fixed code);
#   3. runs `pre-commit try-repo <snapshot> HOOK --all-files` for the hooks
#      concurlint and concurlint-vet: each must fail on bad with both
#      findings in its output, and pass on clean;
#   4. runs `pre-commit run --all-files` with a .pre-commit-config.yaml that
#      gives each hook `args: [-lockorder, ./...]` (the form docs/pre-commit.md
#      shows): on bad, only the lock-order finding may appear;
#   5. checks that the hook environment that run left holds the concurlint
#      binary and nothing else (`go install ./...` installs every main
#      package that ./... reaches).
#
# try-repo installs the hook environment afresh each time: `go install ./...`
# in the hook repository with a private GOPATH. GOMODCACHE points at an empty
# module cache in the temporary directory, so the first install downloads
# every module through the module proxy (as a user's first run does) and the
# later ones reuse it instead of downloading again; the Go build cache is the
# user's, as it is under pre-commit. PRE_COMMIT_HOME is in the temporary
# directory too, so no earlier pre-commit state is used. Exits non-zero if
# any check fails.
#
# Run by .ci/run, not by go test.

set -u -o pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
FIXTURES="$REPO/testdata/precommit"

die() { echo "precommit-e2e.sh: $*" >&2; exit 2; }
log() { echo "precommit-e2e.sh: $*" >&2; }

KEEP=0
for arg in "$@"; do
	case "$arg" in
	--keep) KEEP=1 ;;
	-h | --help) sed -n '2,/^$/s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; exit 0 ;;
	*) die "unknown argument $arg (see --help)" ;;
	esac
done

# install_precommit installs Debian's pre-commit package.
install_precommit() {
	local sudo=()
	if [ "$(id -u)" -ne 0 ]; then
		command -v sudo >/dev/null || die "pre-commit is missing and installing it needs root"
		sudo=(sudo)
	fi
	log "installing pre-commit with apt-get"
	"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2 ||
		die "apt-get update failed"
	"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -q --no-install-recommends pre-commit >&2 ||
		die "apt-get install pre-commit failed"
}

command -v go >/dev/null || die "go is not on PATH"
command -v git >/dev/null || die "git is not on PATH"
command -v pre-commit >/dev/null || install_precommit
command -v pre-commit >/dev/null || die "pre-commit is still not on PATH"
git -C "$REPO" rev-parse --git-dir >/dev/null 2>&1 || die "$REPO is not a git checkout"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/precommit-e2e.XXXXXX")
if [ "$KEEP" -eq 1 ]; then
	trap 'log "kept $WORK"' EXIT
else
	# The module cache is read-only.
	trap 'chmod -R u+w "$WORK" && rm -rf "$WORK"' EXIT
fi

export PRE_COMMIT_HOME="$WORK/pre-commit-home"
export GOMODCACHE="$WORK/gomodcache"
export PRE_COMMIT_COLOR=never
# Commits made here must not depend on the user's git configuration.
gitc() {
	git -c user.name=precommit-e2e -c user.email=precommit-e2e@example.com \
		-c commit.gpgsign=false -c init.defaultBranch=main "$@"
}

# git_repo_of DIR makes DIR a git repository whose one commit holds its files.
git_repo_of() {
	gitc -C "$1" init -q && gitc -C "$1" add -A && gitc -C "$1" commit -q -m snapshot
}

# snapshot copies the checkout's working tree into $WORK/hooks, skipping
# ignored files and tracked files that were deleted.
snapshot() {
	local dst="$WORK/hooks"
	mkdir -p "$dst"
	(
		cd "$REPO" &&
			git ls-files -z --cached --others --exclude-standard |
			while IFS= read -r -d '' f; do
				if [ -e "$f" ] || [ -L "$f" ]; then printf '%s\0' "$f"; fi
			done | tar --null -T - -cf - | tar -xf - -C "$dst"
	) || return 1
	git_repo_of "$dst"
}

start=$(date +%s)
log "pre-commit: $(pre-commit --version); $(go version)"
snapshot || die "could not snapshot the working tree"
head=$(git -C "$REPO" rev-parse --short HEAD)
dirty=$(git -C "$REPO" status --porcelain --untracked-files=normal | wc -l)
log "testing the working tree of $REPO (HEAD $head, $dirty paths changed or untracked)"

for fixture in bad clean; do
	[ -f "$FIXTURES/$fixture/go.mod" ] || die "missing fixture $FIXTURES/$fixture"
	cp -R "$FIXTURES/$fixture" "$WORK/$fixture" && git_repo_of "$WORK/$fixture" ||
		die "could not make the $fixture fixture repository"
done

FAILED=0
pass() { echo "PASS: $*"; }
fail() {
	echo "FAIL: $1"
	echo "--- output (${2#"$WORK"/}):"
	sed 's/^/    /' "$2"
	FAILED=$((FAILED + 1))
}

# run_logged LOG CMD... runs CMD with its output in LOG and sets $status.
run_logged() {
	local out=$1
	shift
	local t0=$SECONDS
	status=0
	"$@" >"$out" 2>&1 || status=$?
	took=$((SECONDS - t0))
}

# hook_output LOG HOOK prints HOOK's section of a pre-commit run's output:
# from its "- hook id:" line to the next hook's status line.
hook_output() {
	awk -v id="- hook id: $2" '
		$0 == id { on = 1 }
		on && /\.\.\.(Passed|Failed|Skipped)/ { on = 0 }
		on' "$1"
}

# The findings the bad fixture must produce, as fixed strings.
LOCK_FINDING='lock order inversion'
LOOP_FINDING='loop variable k'

for hook in concurlint concurlint-vet; do
	out="$WORK/$hook.bad.log"
	run_logged "$out" sh -c 'cd "$1" && pre-commit try-repo "$2" "$3" --all-files' \
		_ "$WORK/bad" "$WORK/hooks" "$hook"
	what="try-repo $hook on the bad fixture fails with both findings (exit $status, ${took}s)"
	if [ "$status" -ne 0 ] && grep -qF -- "- hook id: $hook" "$out" &&
		grep -qF "$LOCK_FINDING" "$out" && grep -qF "$LOOP_FINDING" "$out"; then
		pass "$what"
	else
		fail "$what" "$out"
	fi

	out="$WORK/$hook.clean.log"
	run_logged "$out" sh -c 'cd "$1" && pre-commit try-repo "$2" "$3" --all-files' \
		_ "$WORK/clean" "$WORK/hooks" "$hook"
	what="try-repo $hook on the clean fixture passes (exit $status, ${took}s)"
	if [ "$status" -eq 0 ] && grep -q '\.\.\.Passed$' "$out"; then
		pass "$what"
	else
		fail "$what" "$out"
	fi
done

# Analyzer flags given in a user's config reach both drivers: -lockorder
# enables that analyzer alone, so the loop variable finding must vanish.
rev=$(git -C "$WORK/hooks" rev-parse HEAD)
cat >"$WORK/flags-config.yaml" <<EOF
repos:
  - repo: $WORK/hooks
    rev: $rev
    hooks:
      - id: concurlint
        args: [-lockorder, ./...]
      - id: concurlint-vet
        args: [-lockorder, ./...]
EOF
out="$WORK/flags.bad.log"
run_logged "$out" sh -c 'cd "$1" && pre-commit run -c "$2" --all-files' \
	_ "$WORK/bad" "$WORK/flags-config.yaml"
for hook in concurlint concurlint-vet; do
	hook_output "$out" "$hook" >"$out.$hook"
	what="run with args [-lockorder, ./...]: $hook reports the lock order only (exit $status)"
	if [ "$status" -ne 0 ] && grep -qF "$LOCK_FINDING" "$out.$hook" &&
		! grep -qF "$LOOP_FINDING" "$out.$hook"; then
		pass "$what"
	else
		fail "$what" "$out"
	fi
done

# language: golang runs `go install ./...` in the hook repository: the
# hook environments must hold concurlint and nothing else (the bench
# commands live in bench/_cmd, which ./... skips). try-repo cleans up
# its environment; the `pre-commit run` above leaves its own in the store.
installed=$(find "$PRE_COMMIT_HOME" -path '*/golangenv-*/bin/*' \( -type f -o -type l \) \
	-printf '%f\n' 2>/dev/null | sort -u | tr '\n' ' ')
what="the hook environments install concurlint only (found: ${installed:-nothing})"
if [ "$installed" = "concurlint " ]; then
	pass "$what"
else
	find "$PRE_COMMIT_HOME" -path '*/golangenv-*/bin/*' >"$WORK/installed.log" 2>&1
	fail "$what" "$WORK/installed.log"
fi

log "took $(($(date +%s) - start))s"
if [ "$FAILED" -ne 0 ]; then
	echo "precommit-e2e: $FAILED check(s) failed"
	exit 1
fi
echo "precommit-e2e: all checks passed"
