#!/bin/sh
# Install the Debian packages Haven needs that are missing, and nothing else.
# Idempotent: when everything is present it installs nothing and says so in
# one line.  Groups: build (compile and run), test (the test suite),
# fuzz (clang and its libFuzzer runtime, for make fuzz), memcheck (valgrind,
# for make memcheck), bench (wrk and nginx, for make bench).
# usage: scripts/install-deps.sh [build] [test] [fuzz] [memcheck] [bench]
set -eu

build="build-essential pkg-config libmicrohttpd-dev libjansson-dev
libsqlite3-dev libpq-dev libsodium-dev libcmocka-dev liboath-dev
libqrencode-dev libcairo2-dev libpango1.0-dev libxlsxwriter-dev
fonts-dejavu-core"
test="postgresql python3 python3-pytest python3-requests curl sqlite3
chromium poppler-utils python3-openpyxl
kamailio kamailio-utils-modules kamailio-json-modules kamailio-extra-modules
sip-tester"
fuzz="clang libclang-rt-dev"
memcheck="valgrind"
bench="wrk nginx-light"

want=""
[ $# -eq 0 ] && set -- build
for group in "$@"; do
	case "$group" in
	build) want="$want $build" ;;
	test) want="$want $build $test $fuzz" ;;
	fuzz) want="$want $build $fuzz" ;;
	memcheck) want="$want $build $memcheck" ;;
	bench) want="$want $build $bench" ;;
	*) echo "install-deps: unknown group '$group'" >&2; exit 2 ;;
	esac
done

missing=""
for p in $want; do
	case " $missing " in *" $p "*) continue ;; esac
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
	    grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done

# Node.js for the browser tests: any packaged version that is there will
# do (Debian's nodejs and npm when there is none).
case " $* " in
*" test "*)
	command -v node >/dev/null 2>&1 || missing="$missing nodejs"
	command -v npm >/dev/null 2>&1 || missing="$missing npm"
	;;
esac

if [ -z "$missing" ]; then
	echo "install-deps: all packages present ($*)"
	exit 0
fi

echo "install-deps: installing:$missing"
if [ "$(id -u)" -ne 0 ]; then
	sudo=sudo
else
	sudo=
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing
