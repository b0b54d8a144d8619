# Sourced by the scripts that start registrar-sim in the background.
# simulator_base LOG PID: waits (up to 10 s) for the simulator writing LOG to say where it
# listens, and prints that base URL; fails, showing the log, if it exits or says nothing.
simulator_base() {
    local log=$1 pid=$2
    for _ in $(seq 100); do
        if grep -q '^listening on ' "$log"; then
            sed -n 's/^listening on //p' "$log"
            return 0
        fi
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    echo "registrar-sim did not start:" >&2
    cat "$log" >&2
    return 1
}
