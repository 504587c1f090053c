#!/bin/sh
# The HTTP API suite against a real haven server.
# usage: tests/api/run.sh sqlite|postgres HAVEN_BINARY [PYTEST_ARGS...]
set -eu

if [ $# -lt 2 ]; then
	echo "usage: $0 sqlite|postgres HAVEN_BINARY [PYTEST_ARGS...]" >&2
	exit 2
fi
backend=$1
bin=$2
shift 2

case "$backend" in
sqlite|postgres) ;;
*) echo "$0: backend must be sqlite or postgres, not '$backend'" >&2; exit 2 ;;
esac
if [ ! -x "$bin" ]; then
	echo "$0: $bin is not an executable (build it with make)" >&2
	exit 2
fi

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
case "$bin" in
/*) ;;
*) bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin") ;;
esac

cd "$root"
HAVEN_TEST_BACKEND=$backend
HAVEN_BIN=$bin
PYTHONDONTWRITEBYTECODE=1
export HAVEN_TEST_BACKEND HAVEN_BIN PYTHONDONTWRITEBYTECODE
# The Debian python3, which has pytest and requests; not a pyenv one.
# No cache folder in the working tree.
set +e
/usr/bin/python3 -m pytest -q -p no:cacheprovider tests/api "$@"
rc=$?
exit $rc
