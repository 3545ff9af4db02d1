#!/usr/bin/env bash
# run_fuzz.sh NAME... - runs each libFuzzer harness for FUZZ_SECONDS from its seed
# corpus and prints "ok - fuzz NAME: N execs" or "not ok - fuzz NAME: crash".
set -u
cd "$(dirname "$0")/../.."
secs=${FUZZ_SECONDS:-60}
rc=0
for name in "$@"; do
    bin=build/fuzz/fuzz_$name
    work=build/fuzz/corpus-$name
    mkdir -p "$work" build/fuzz/crashes
    log=build/fuzz/$name.log
    "$bin" -max_total_time="$secs" -print_final_stats=1 -artifact_prefix=build/fuzz/crashes/"$name"- \
        "$work" "tests/fuzz/corpus/$name" >"$log" 2>&1
    status=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    if [ $status -eq 0 ]; then
        echo "ok - fuzz $name: ${execs:-?} execs in ${secs}s, 0 crashes"
    else
        echo "not ok - fuzz $name: exit $status, see $log"
        rc=1
    fi
done
exit $rc
