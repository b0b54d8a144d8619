#!/usr/bin/env bash
# Seeds for the fuzz corpora (tests/fuzz/corpus/) from the simulator's own answers: every demo
# workflow's status (twice, some seconds apart, so states move on), registrations (a page and
# one), the token check, error answers, and the rate-limit headers of each. Run once with a
# built simulator; its output is committed:
#     scripts/fuzz-seeds-from-sim.sh build/app/registrar-sim [seconds between the rounds]
set -euo pipefail
sim=${1:?the registrar-sim executable}
pause=${2:-15}
corpus="$(cd "$(dirname "$0")/.." && pwd)/tests/fuzz/corpus"
port=$((20000 + RANDOM % 20000))
"$sim" --port "$port" >/dev/null 2>&1 &
sim_pid=$!
trap 'kill "$sim_pid"' EXIT
base="http://127.0.0.1:$port/client/v4"
for _ in $(seq 50); do curl -sf -o /dev/null "$base/user/tokens/verify" -H 'Authorization: Bearer demo-token' && break; sleep 0.1; done
account=/accounts/023e105f4ecef8ad9ca31a8372d0c353
tmp=$(mktemp -d)
trap 'kill "$sim_pid"; rm -rf "$tmp"' EXIT

save() { # save TARGET... < file
    local sum
    sum=$(sha1sum "$tmp/body" | cut -c1-12)
    for target in "$@"; do mkdir -p "$corpus/$target"; cp "$tmp/body" "$corpus/$target/sim-$sum"; done
    sum=$(sha1sum "$tmp/headers" | cut -c1-12)
    mkdir -p "$corpus/ratelimit"
    tr -d '\r' <"$tmp/headers" | grep -iE '^(ratelimit|x-ratelimit|retry-after)' \
        >"$corpus/ratelimit/sim-$sum" || rm -f "$corpus/ratelimit/sim-$sum"
}
get() { # get PATH [token]
    curl -s -D "$tmp/headers" -o "$tmp/body" -H "Authorization: Bearer ${2:-demo-token}" "$base$1"
}
round() {
    "$sim" --list-workflows | while read -r domain kind where; do
        path=registrar; [ "$where" = sandbox ] && path=registrar-sandbox
        get "$account/$path/registrations/$domain/$kind-status"
        save envelope workflowstatus
    done
}
round
get "$account/registrar/registrations?per_page=3"; save envelope registration
get "$account/registrar/registrations?per_page=50"; save envelope registration
get "$account/registrar/registrations/margies-travel.com"; save envelope registration
get /user/tokens/verify; save envelope tokenstatus
get /user/tokens/verify wrong-token; save envelope tokenstatus
get "$account/registrar/registrations/nothing-here.com/update-status"; save envelope workflowstatus
sleep "$pause"
round
echo "seeds written under $corpus"
