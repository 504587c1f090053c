#!/bin/sh
# Run every libFuzzer target of BUILD/fuzz/ for SECONDS each, then print a
# table of executions and coverage.  Each target starts from its committed
# seeds (tests/fuzz/corpus/NAME, read only) and from what earlier runs
# found (BUILD/fuzz-corpus/NAME, where new inputs go); a crash leaves its
# input in BUILD/fuzz-artifacts/ and the log in BUILD/fuzz-logs/.
# usage: tests/fuzz/run.sh BUILD SECONDS [NAME...]
set -eu

if [ $# -lt 2 ]; then
	echo "usage: $0 BUILD SECONDS [NAME...]" >&2
	exit 2
fi
build=$1
secs=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)

# The longest input worth trying, per target (bytes).
max_len() {
	case "$1" in
	router|query) echo 512 ;;
	identity|cookie) echo 2048 ;;
	telephony|jv|http) echo 8192 ;;
	catalogue) echo 65536 ;;
	*) echo 4096 ;;
	esac
}

# The targets that run a whole server check for leaks once, at exit: a
# check after each input that allocated more than it freed would scan the
# server's heap every time (50 ms), and the server keeps caches.
flags() {
	case "$1" in
	http|cookie) echo -detect_leaks=0 ;;
	esac
}

if [ $# -eq 0 ]; then
	set -- $(cd "$build/fuzz" && ls fuzz_* | grep -v '\.d$' |
	    sed 's/^fuzz_//')
fi
mkdir -p "$build/fuzz-corpus" "$build/fuzz-artifacts" "$build/fuzz-logs"
table="$build/fuzz-logs/table"
printf '%-10s %7s %10s %8s %6s %7s %7s  %s\n' target seconds executions \
    exec/s cov: ft: corpus result > "$table"
failed=0
for name in "$@"; do
	bin="$build/fuzz/fuzz_$name"
	log="$build/fuzz-logs/$name.log"
	work="$build/fuzz-corpus/$name"
	mkdir -p "$work"
	dict=""
	[ -f "$here/$name.dict" ] && dict="-dict=$here/$name.dict"
	echo "== fuzz_$name: $secs s"
	start=$(date +%s)
	# shellcheck disable=SC2086
	if "$bin" -max_total_time="$secs" -max_len="$(max_len "$name")" \
	    -timeout=30 -rss_limit_mb=2048 -print_final_stats=1 \
	    -artifact_prefix="$build/fuzz-artifacts/$name-" \
	    $dict $(flags "$name") \
	    "$work" "$here/corpus/$name" > "$log" 2>&1; then
		result=ok
	else
		result=FAILED
		failed=1
		tail -n 60 "$log"
	fi
	end=$(date +%s)
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
	last=$(grep -aE '^#[0-9]+.*cov: ' "$log" | tail -n 1)
	cov=$(echo "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
	ft=$(echo "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
	corp=$(echo "$last" | sed -n 's/.* corp: \([0-9]*\)\/.*/\1/p')
	printf '%-10s %7s %10s %8s %6s %7s %7s  %s\n' "$name" \
	    $((end - start)) "${execs:--}" "${rate:--}" "${cov:--}" "${ft:--}" \
	    "${corp:--}" "$result" >> "$table"
done
echo
cat "$table"
exit $failed
