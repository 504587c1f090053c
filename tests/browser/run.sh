#!/bin/sh
# The browser suite: Debian's Chromium drives the web interface of a real
# haven server.
# usage: tests/browser/run.sh HAVEN_BIN [TEST_FILE...]
#
# Starts two servers on free loopback ports, each with a data folder of its
# own in a temporary folder: a real installation (accounts are added with
# 'haven user add') and a demo one ('haven init --demo').  Runs the tests
# with node's test runner, stops the servers, and exits with the runner's
# status.  Screenshots go to tests/out/screenshots/.
set -eu

if [ $# -lt 1 ]; then
	echo "usage: $0 HAVEN_BIN [TEST_FILE...]" >&2
	exit 2
fi
bin=$1
shift
case "$bin" in
/*) ;;
*) bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin") ;;
esac
if [ ! -x "$bin" ]; then
	echo "$0: $bin is not an executable (build it with make)" >&2
	exit 2
fi

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
chromium=${HAVEN_CHROMIUM:-/usr/bin/chromium}

if [ ! -x "$chromium" ]; then
	echo "$0: $chromium is missing: apt-get install -y chromium" >&2
	exit 2
fi
for tool in node npm sqlite3; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "$0: $tool is missing" >&2
		exit 2
	fi
done

# Never let Playwright fetch a browser of its own.
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD
cd "$here"
if [ ! -d node_modules ]; then
	npm ci --no-audit --no-fund --loglevel=error
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/haven-browser.XXXXXX")
pids=""

stop_servers() {
	for pid in $pids; do
		if kill -0 "$pid" 2>/dev/null; then
			kill -TERM "$pid" 2>/dev/null || true
		fi
	done
	for pid in $pids; do
		i=0
		while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do
			sleep 0.1
			i=$((i + 1))
		done
		if kill -0 "$pid" 2>/dev/null; then
			echo "$0: server $pid did not stop; killing it" >&2
			kill -KILL "$pid" 2>/dev/null || true
		fi
	done
	pids=""
}

cleanup() {
	stop_servers
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start NAME [INIT_FLAGS...]: init and serve one installation; sets
# $url to where it listens.
start() {
	name=$1
	shift
	dir=$tmp/$name
	mkdir -p "$dir"
	if ! "$bin" init --database "sqlite:$dir/haven.db" --data-dir "$dir" \
	    --key-file "$dir/haven.key" "$@" >"$dir/init.log" 2>&1; then
		echo "$0: haven init ($name) failed:" >&2
		cat "$dir/init.log" >&2
		exit 1
	fi
	"$bin" serve --listen 127.0.0.1:0 --database "sqlite:$dir/haven.db" \
	    --data-dir "$dir" --key-file "$dir/haven.key" \
	    >"$dir/serve.log" 2>&1 </dev/null &
	pid=$!
	pids="$pids $pid"
	url=""
	i=0
	while [ $i -lt 300 ]; do
		url=$(sed -n 's|.*serving on \(http://[^ ]*\).*|\1|p' "$dir/serve.log" | head -n 1)
		if [ -n "$url" ] || ! kill -0 "$pid" 2>/dev/null; then
			break
		fi
		sleep 0.1
		i=$((i + 1))
	done
	if [ -z "$url" ]; then
		echo "$0: haven serve ($name) did not start:" >&2
		cat "$dir/serve.log" >&2
		exit 1
	fi
}

start main
HAVEN_URL=$url
HAVEN_DB=$tmp/main/haven.db
HAVEN_DATA_DIR=$tmp/main
HAVEN_KEY_FILE=$tmp/main/haven.key
start demo --demo
HAVEN_DEMO_URL=$url
HAVEN_DEMO_DATA_DIR=$tmp/demo
HAVEN_BIN=$bin
HAVEN_CHROMIUM=$chromium
HAVEN_SCREENSHOTS=${HAVEN_SCREENSHOTS:-$root/tests/out/screenshots}
export HAVEN_URL HAVEN_DB HAVEN_DATA_DIR HAVEN_KEY_FILE HAVEN_DEMO_URL \
    HAVEN_DEMO_DATA_DIR HAVEN_BIN HAVEN_CHROMIUM HAVEN_SCREENSHOTS
mkdir -p "$HAVEN_SCREENSHOTS"
echo "haven: $HAVEN_URL (installation), $HAVEN_DEMO_URL (demo)"

if [ $# -eq 0 ]; then
	set -- tests/*.test.js
fi
set +e
node --test --test-reporter=spec --test-concurrency=1 "$@"
rc=$?
set -e

stop_servers
for name in main demo; do
	if grep -q -E "AddressSanitizer|LeakSanitizer|runtime error" "$tmp/$name/serve.log"; then
		echo "$0: the $name server reported a sanitizer error:" >&2
		cat "$tmp/$name/serve.log" >&2
		rc=1
	fi
done
exit $rc
