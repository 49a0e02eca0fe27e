# shellcheck shell=bash
# modules.sh: the corpus module list (corpus/modules.txt), shared by
# corpus.sh and bench.sh. Sourced; the caller defines die.

# read_modules FILE: parse FILE into NAMES (in file order) and the maps MOD,
# VER and WITHOUT keyed by name. A line is MODULE@VERSION [NAME
# [without=IMPORTPATH]]; # starts a comment. NAME defaults to the module
# path's last element, or the one before a /vN suffix.
read_modules() {
	local line mv name without rest
	[ -f "$1" ] || die "missing $1"
	NAMES=()
	declare -gA MOD VER WITHOUT
	while IFS= read -r line; do
		line=${line%%#*}
		mv='' name='' without='' rest=''
		read -r mv name without rest <<<"$line" || true
		[ -n "$mv" ] || continue
		[ -z "$rest" ] || die "modules.txt: too many fields: $line"
		case "$without" in
		'') ;;
		without=?*) without=${without#without=} ;;
		*) die "modules.txt: want without=IMPORTPATH as the third field, got: $without" ;;
		esac
		case "$mv" in *@*) ;; *) die "modules.txt: want MODULE@VERSION, got: $mv" ;; esac
		if [ -z "$name" ]; then
			name=${mv%@*}
			name=${name##*/}
			if [[ $name =~ ^v[0-9]+$ ]]; then
				name=${mv%@*}
				name=${name%/*}
				name=${name##*/}
			fi
		fi
		[ -z "${MOD[$name]:-}" ] || die "modules.txt: duplicate name $name"
		MOD[$name]=${mv%@*}
		VER[$name]=${mv##*@}
		WITHOUT[$name]=$without
		NAMES+=("$name")
	done <"$1"
}

# module_packages NAME: the packages to analyse, one per line, run in the
# module's directory with the caller's GOFLAGS: ./..., or, for a module
# listed with without=IMPORT, every package of the module whose build and
# tests do not need IMPORT (influxdb's flux packages need a C library that
# is not installed).
module_packages() {
	local without=${WITHOUT[$1]} keep
	if [ -z "$without" ]; then
		echo ./...
		return
	fi
	keep=$(mktemp "${TMPDIR:-/tmp}/concurlint-pkgs.XXXXXX") || die "mktemp failed"
	# One line per package variant: the package (its test variant and
	# external test package folded into it), then its dependencies.
	go list -e -test -f '{{.ImportPath}} {{join .Deps " "}}' ./... 2>/dev/null |
		awk -v dep="$without" '{
			p = $1; sub(/\.test$/, "", p); sub(/_test$/, "", p)
			bad = 0
			for (i = 2; i <= NF; i++) if ($i == dep || index($i, dep "/") == 1) bad = 1
			if (bad) drop[p] = 1; else keep[p] = 1
		} END { for (p in keep) if (!(p in drop)) print p }' | sort >"$keep"
	go list -e ./... 2>/dev/null | sort | comm -12 "$keep" -
	rm -f "$keep"
}
