#!/usr/bin/env bash
# The operator's walkthrough of issue 10, on the real app under Xvfb with openbox as window
# manager and dunst as notification daemon, against registrar-sim on a loopback port:
#   1. a batch of 202 workflows handed over with `registrar-watch add` (140 succeed, 20 fail,
#      10 need action, 10 are blocked, 22 stay in progress; many are final when first checked),
#      the app restarted in the middle;
#   2. the window at 1440x900 and shrunk to 1024x700;
#   3. Add with lines that are rejected;
#   4. a restart with "session only" secret storage (nothing may be sent).
# Screenshots and logs go to OUT (default /tmp/walkthrough); what dunst was told is in
# OUT/notifications.log, and the comparison of told and shown counts is printed at the end.
#   scripts/walkthrough.sh [OUT]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/simulator-base.sh
out=$(realpath -m "${1:-/tmp/walkthrough}")
if [ -z "${RW_IN_XVFB:-}" ]; then
    ./scripts/install-deps.sh xdotool dunst openbox
    ./scripts/build.sh --target registrar-watch registrar-sim
    mkdir -p "$out"
    RW_IN_XVFB=1 exec dbus-run-session -- xvfb-run -a -s "-screen 0 1440x900x24" "$0" "$out"
fi
bin=$(realpath "${RW_BUILD_DIR:-build}/app")
home=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$home"' EXIT
export HOME=$home XDG_CONFIG_HOME=$home/.config XDG_DATA_HOME=$home/.local/share
account=0123456789abcdef0123456789abcdef

# 202 workflows: the first answers of many are already final when they are first checked,
# the case where the batch summary used to stop short of the table.
python3 - "$home/batch.json" "$home/domains.txt" "$account" <<'EOF'
import json, sys
scenario_path, domains_path, account = sys.argv[1:]
workflows, names = [], []
for i in range(202):
    name = f"batch-{i:03d}.example"
    names.append(name)
    steps = [{"at_s": -60, "state": "pending"}, {"at_s": 5 + i % 40, "state": "in_progress"}]
    if i < 140:
        steps.append({"at_s": 30 + i % 90, "state": "succeeded"})
    elif i < 160:
        steps.append({"at_s": 30 + i % 90, "state": "failed",
                      "error": {"code": "registry_rejected", "message": "The registry refused the change."}})
    elif i < 170:
        steps.append({"at_s": 30 + i % 90, "state": "action_required",
                      "context": {"action": "confirm_registrant_change"}})
    elif i < 180:
        steps.append({"at_s": 20 + i % 30, "state": "blocked",
                      "context": {"waiting_on": "registry"}})
    workflows.append({"domain": name, "kind": "update", "steps": steps})
json.dump({"account_id": account, "tokens": ["walk-token"], "time_scale": 1.0,
           "workflows": workflows}, open(scenario_path, "w"))
open(domains_path, "w").write("\n".join(names) + "\n")
EOF

"$bin/registrar-sim" --port 0 --scenario "$home/batch.json" >"$out/sim.log" 2>&1 &
sim=$!
base=$(simulator_base "$out/sim.log" "$sim")

configure() { # STORAGE: the account on the simulator, its secret kept as STORAGE says
    local conf="$XDG_CONFIG_HOME/Registrar Watch/registrar-watch.conf"
    mkdir -p "$(dirname "$conf")"
    cat >"$conf" <<EOF
[account]
id=$account
auth=ApiToken
secretStorage=$1

[advanced]
apiBase=$base
EOF
}
start_app() {
    "$bin/registrar-watch" >>"$out/app.log" 2>&1 &
    app=$!
    window=
    for _ in $(seq 150); do
        window=$(xdotool search --onlyvisible --name 'Registrar Watch' 2>/dev/null | head -1) || true
        [ -n "$window" ] && break
        sleep 0.2
    done
    [ -n "$window" ] || { echo "walkthrough: the window did not appear" >&2; exit 1; }
    xdotool windowactivate --sync "$window" windowsize --sync "$window" 1400 860
}
stop_app() {
    kill "$app"
    wait "$app" 2>/dev/null || true
}
shot() { # NAME: the whole screen
    import -window root "$out/$1.png"
    echo "screenshot $out/$1.png"
}

openbox >/dev/null 2>&1 &
dunst -print >"$out/notifications.log" 2>/dev/null &
sleep 1
configure PrivateFile
mkdir -p "$XDG_DATA_HOME/Registrar Watch/registrar-watch"
printf '{"%s/api-token": "walk-token"}\n' "$account" \
    >"$XDG_DATA_HOME/Registrar Watch/registrar-watch/secrets.json"
chmod 600 "$XDG_DATA_HOME/Registrar Watch/registrar-watch/secrets.json"

# 1. The batch, handed over by a script, the app restarted while it runs.
start_app
"$bin/registrar-watch" add --kind update <"$home/domains.txt" | tee "$out/add.txt"
sleep 25
shot 1-batch-early
stop_app
"$bin/registrar-watch" add --kind update batch-000.example | tee -a "$out/add.txt"
start_app
sleep 140
shot 2-batch-settled

# 2. Small screen.
xdotool windowsize --sync "$window" 1024 700
sleep 2
shot 3-1024x700
xdotool windowsize --sync "$window" 1400 860

# 3. Add with lines that cannot be watched.
xdotool key --window "$window" ctrl+n
sleep 2
for line in batch-001.example 'exa mple.com' not_a_domain batch-200.example:registration; do
    xdotool type --delay 20 "$line"
    xdotool key Return
done
xdotool key ctrl+Return
sleep 3
shot 4-add-rejected
xdotool key Escape
sleep 1

# 4. Session-only storage: after a restart nothing may be sent until the secret is entered.
stop_app
configure SessionOnly
stats() { # the simulator's count of every request it received
    python3 -c 'import json, sys, urllib.request as u; print(json.load(u.urlopen(sys.argv[1]))["requests_total"])' \
        "${base%/client/v4}/__sim/stats"
}
before=$(stats)
start_app
sleep 15
after=$(stats)
shot 5-session-only-restart
stop_app

echo
echo "requests to the simulator during the session-only restart: $((after - before))"
echo "notifications told (dunst):"
grep -E '^\s*(summary|body):' "$out/notifications.log" | sed 's/^/  /' | tail -40
