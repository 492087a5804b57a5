#!/usr/bin/env bash
# make prism: runs the whole suite live against ecsemu through Prism, one
# Prism per operation document (schemas/*.openapi.json), and counts what
# Prism reports. Everything listens on loopback ports chosen at start and is
# stopped by PID at the end, however the run ends.
#
#   client (the suite) -> prismgate front -> Prism of the request's operation
#                      -> prismgate back (puts back the signed Host) -> ecsemu
#
# What counts as a violation (the exit status is 1 if any):
#   - every response violation: an answer of ecsemu that the document refuses;
#   - a request violation on a request ecsemu answered 2xx: the contract took
#     it, so the document must allow it;
#   - "route not found" for an API path (outside /_emulator/).
# What is reported but not counted:
#   - request violations on requests answered with an error: the suite sends
#     invalid requests on purpose (each error code's trigger, a tampered
#     signature, an unknown action), and the document is right to refuse them;
#   - Prism's notice that a request uses a deprecated parameter: the document
#     marks them deprecated because the contract does, and the suite sends
#     them to prove they are still accepted;
# Calls to the emulator's control plane (/_emulator/), which is no API, go
# from prismgate straight to ecsemu. PRISM_KEEP=1 keeps the logs (Prism's,
# the suite's) and prints where.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
prism=tools/openapi/node_modules/.bin/prism
if [ ! -x "$prism" ]; then
	echo "prism.sh: $prism is missing; run: npm ci --prefix tools/openapi" >&2
	exit 2
fi

work=$(mktemp -d)
pids=()
stop() {
	for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
	for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
	[ -n "${PRISM_KEEP:-}" ] && echo "logs kept in $work" || rm -rf "$work"
}
trap stop EXIT

# free_port prints a loopback port nothing listens on.
free_port() {
	local p
	for p in $(shuf -i 20000-29999 -n 200); do
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			echo "$p"
			return
		fi
	done
	echo "prism.sh: no free loopback port between 20000 and 29999" >&2
	exit 2
}

# wait_for FILE TEXT: waits (at most 5 minutes: Prism starts slowly on a
# loaded machine) until FILE holds TEXT.
wait_for() {
	for _ in $(seq 600); do
		grep -q "$2" "$1" 2>/dev/null && return
		sleep 0.5
	done
	echo "prism.sh: nothing said \"$2\" in $1 within 5 minutes:" >&2
	cat "$1" >&2
	exit 2
}

go build -o "$work/ecsemu" ./cmd/ecsemu
(cd tools && go build -o "$work/prismgate" ./prismgate)

"$work/ecsemu" -listen 127.0.0.1:0 >"$work/ecsemu.log" 2>&1 &
pids+=($!)
wait_for "$work/ecsemu.log" "listening on"
emu=$(sed -n 's/^ecsemu listening on //p' "$work/ecsemu.log" | head -1)

front=$(free_port)
back=$(free_port)
routes=()
docs=(schemas/*.openapi.json)
for doc in "${docs[@]}"; do
	action=$(basename "$doc" .openapi.json)
	port=$(free_port)
	"$prism" proxy "$doc" "http://127.0.0.1:$back" --host 127.0.0.1 --port "$port" >"$work/prism-$action.log" 2>&1 &
	pids+=($!)
	routes+=(-route "$action=http://127.0.0.1:$port")
done
"$work/prismgate" -listen "127.0.0.1:$front" -back "127.0.0.1:$back" -upstream "$emu" "${routes[@]}" >"$work/prismgate.log" 2>&1 &
pids+=($!)
wait_for "$work/prismgate.log" "listening on"
for doc in "${docs[@]}"; do
	wait_for "$work/prism-$(basename "$doc" .openapi.json).log" "Prism is listening"
done
echo "ecsemu at $emu; Prism for ${#docs[@]} document(s) behind http://127.0.0.1:$front"

suite=0
CONFORMANCE_MODE=live CONFORMANCE_ENDPOINT="http://127.0.0.1:$front" \
	ALIBABA_CLOUD_ACCESS_KEY_ID=LTAI5tEmulatorDefault0001 ALIBABA_CLOUD_ACCESS_KEY_SECRET=EmulatorDefaultSecret0000000000001 \
	CONFORMANCE_FIXTURES=default CONFORMANCE_CONTROL=true \
	go tool ginkgo --no-color ./suites >"$work/suite.log" 2>&1 || suite=$?
grep -E '^Ran [0-9]+ of|^(SUCCESS|FAIL)!' "$work/suite.log" || true
if [ "$suite" -ne 0 ]; then
	grep -E '^\s*\[FAIL\]' "$work/suite.log" || tail -40 "$work/suite.log"
fi

violations=0
for doc in "${docs[@]}"; do
	action=$(basename "$doc" .openapi.json)
	log="$work/prism-$action.log"
	# One block per request: "Request received", the upstream's status, then
	# Prism's violations of that request and of its answer.
	summary=$(awk -v action="$action" '
		function flush() {
			if (!open) return
			for (i = 1; i <= n; i++) {
				v = lines[i]
				if (v ~ /^response/) { counted++; print "  counted (response): " v }
				else if (v ~ /is deprecated$/) deprecated++
				else if (v ~ /Selected route not found/) { counted++; print "  counted (no route for an API path): " v }
				else if (status ~ /^2/) { counted++; print "  counted (request answered " status "): " v }
				else expected++
			}
			n = 0; open = 0
		}
		/Request received/ { flush(); open = 1; requests++; status = "" }
		/The upstream call to .* has returned/ { status = $NF }
		/Violation:/ { sub(/.*Violation: /, ""); lines[++n] = $0 }
		END {
			flush()
			printf "%s: %d requests, %d counted violations; not counted: %d request violations on requests answered with an error, %d deprecated-parameter notices\n",
				action, requests, counted, expected, deprecated
			print counted + 0
		}' "$log")
	echo "$summary" | sed '$d'
	violations=$((violations + $(echo "$summary" | tail -1)))
done
echo "Prism: $violations counted violation(s)"
if [ "$suite" -ne 0 ] || [ "$violations" -ne 0 ]; then
	exit 1
fi
