# two_at_a_time.sh - sourced by bench/timeline.sh and bench/loader_cost.sh.
# two_at_a_time FUNC JOB...: runs `FUNC JOB` for each JOB (a string split into words),
# two at a time, since each QEMU (TCG) keeps one of the 2 cores busy; returns when
# all are done.
two_at_a_time() {
    local fn=$1 running=0 job
    shift
    for job in "$@"; do
        # shellcheck disable=SC2086 # a job is FUNC's arguments in one string, split on purpose
        "$fn" $job &
        running=$((running + 1))
        if [ $running -ge 2 ]; then
            wait -n
            running=$((running - 1))
        fi
    done
    wait
}
