#!/bin/sh
# make memcheck: the HTTP API suite on SQLite against a plain build of haven
# run under valgrind's memcheck.  Every haven process the suite starts (serve,
# init and the other commands) runs as
#   valgrind --leak-check=full --errors-for-leak-kinds=definite
#            --error-exitcode=99 haven ...
# so a memory error or a definite leak makes it exit 99, which fails the test
# that started it (a server must exit 0 on SIGTERM).  valgrind writes to one
# file per process in BUILD/memcheck/logs (stderr stays haven's own, which
# some tests read); the files with errors are listed at the end.
# memcheck.supp holds what is not Haven's (each entry says why).  Slow:
# about five times the suite's time.
# usage: tests/api/memcheck.sh BUILD [PYTEST_ARGS...] (default: tests/api)
set -eu

if [ $# -lt 1 ] || [ ! -x "$1/haven" ]; then
	echo "usage: $0 BUILD [PYTEST_ARGS...] (BUILD/haven built)" >&2
	exit 2
fi
build=$(cd "$1" && pwd)
shift
here=$(cd "$(dirname "$0")" && pwd)
dir=$build/memcheck
rm -rf "$dir"
mkdir -p "$dir/logs"
cat > "$dir/haven" <<EOF
#!/bin/sh
exec valgrind --leak-check=full --errors-for-leak-kinds=definite \\
    --error-exitcode=99 --suppressions=$here/memcheck.supp \\
    --log-file=$dir/logs/vg.%p.log $build/haven "\$@"
EOF
chmod +x "$dir/haven"

# What memcheck reports as an error, first line.
ERRORS="^==[0-9]+== (Invalid |Conditional jump|Use of uninitialised|Syscall param|Mismatched free|Source and destination overlap|[0-9,]+ .*definitely lost)"

[ $# -gt 0 ] || set -- tests/api
start=$(date +%s)
cd "$here/../.."
HAVEN_TEST_BACKEND=sqlite
HAVEN_BIN=$dir/haven
PYTHONDONTWRITEBYTECODE=1
export HAVEN_TEST_BACKEND HAVEN_BIN PYTHONDONTWRITEBYTECODE
# Interrupted (a time limit), still say what valgrind found so far.
trap 'echo "memcheck: interrupted"' INT TERM
set +e
/usr/bin/python3 -m pytest -q -p no:cacheprovider "$@"
rc=$?
set -e
trap - INT TERM

runs=$(find "$dir/logs" -name 'vg.*.log' | wc -l)
# Errors: a summary that counts some, or (a process killed on purpose, which
# leaves no summary) an error report in the log.
bad=""
killed=0
for f in "$dir/logs"/vg.*.log; do
	[ -e "$f" ] || continue
	if grep -q "ERROR SUMMARY: [1-9]" "$f"; then
		bad="$bad $f"
	elif ! grep -q "ERROR SUMMARY" "$f"; then
		killed=$((killed + 1))
		if grep -qE "$ERRORS" "$f"; then
			bad="$bad $f"
		fi
	fi
done
echo "memcheck: $runs haven processes under valgrind ($killed killed) in" \
    "$(( $(date +%s) - start )) s"
if [ -n "$bad" ]; then
	for f in $bad; do
		echo "== $f"
		grep -E "$ERRORS|ERROR SUMMARY|^==[0-9]+== +(at|by) " "$f" |
		    head -60
	done
	echo "memcheck: $(echo "$bad" | wc -w) processes with errors"
	[ "$rc" -ne 0 ] || rc=1
else
	echo "memcheck: no errors, no definite leaks"
fi
exit $rc
