#!/usr/bin/env bash
# check.sh runs the clients' scenario with the aliyun CLI through `conformance proxy`:
# it records against ecsemu on loopback, stops both, and plays the recording back in
# a network namespace with only loopback up (when `unshare -n` works), then compares
# what the CLI printed. The CLI is not served by the Go module proxy, so this is a
# manual check (make check-cli ALIYUN=/path/to/aliyun), not part of make test or CI.
#
#   ALIYUN=/path/to/aliyun [WORK=/tmp/cli-check] clients/cli/check.sh
#
# Every process it starts it stops by PID. It prints one line per step and exits 1
# when a step's playback differs from its recording.
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${ALIYUN:?set ALIYUN to the aliyun CLI binary}"
WORK=${WORK:-$(mktemp -d /tmp/cli-check.XXXXXX)}
mkdir -p "$WORK/bin" "$WORK/home"
go build -o "$WORK/bin/ecsemu" ./cmd/ecsemu
go build -o "$WORK/bin/conformance" ./cmd/conformance

# A made-up key pair that looks real; the CLI reads it from the environment.
export ALIBABA_CLOUD_ACCESS_KEY_ID=LTAI5tK3nB8xQ2vR7mW4pZ9d
export ALIBABA_CLOUD_ACCESS_KEY_SECRET=Xy7Qp2Lm9Kv4Tn8Wr3Hb6Jd1Fs5Gz0
export HOME="$WORK/home" # no profile of the user's own is read
REGION=cn-hangzhou

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

# start NAME CMD...: starts a server, waits for its "listening on http://ADDR" line, sets ADDR.
start() {
  local log="$WORK/$1.log"; shift
  "$@" >"$log" 2>"$log.err" &
  pids+=($!)
  for _ in $(seq 100); do
    ADDR=$(sed -n 's/.*listening on http:\/\/\([^ ]*\).*/\1/p' "$log" | head -1)
    [ -n "$ADDR" ] && return 0
    sleep 0.1
  done
  echo "check.sh: $* did not start: $(cat "$log.err")" >&2
  exit 1
}

# The steps: name|flags. VPC is the first VPC the emulator lists; env=prod is the
# fixture's probe tag.
steps() {
  cat <<EOF
plain|--RegionId $REGION
next-token-walk (--pager)|--RegionId $REGION --MaxResults 50 --pager path=SecurityGroups.SecurityGroup
page-number-walk (--pager)|--RegionId $REGION --PageSize 50 --pager path=SecurityGroups.SecurityGroup NextToken=
vpc-filter|--RegionId $REGION --VpcId $VPC
tag-filter|--RegionId $REGION --Tag.1.Key env --Tag.1.Value prod
error|--RegionId $REGION --SecurityGroupType other
dry-run|--RegionId $REGION --DryRun true
wrong-secret|--RegionId $REGION
plain (--method GET)|--RegionId $REGION --method GET
tag-filter (--method GET)|--RegionId $REGION --Tag.1.Key env --Tag.1.Value prod --method GET
EOF
}

# run OUT ENDPOINT: runs every step with the CLI, one result file per step: the JSON
# printed, or the error code and exit status.
run() {
  local out=$1 endpoint=$2 i=0
  mkdir -p "$out"
  while IFS='|' read -r name args; do
    i=$((i + 1))
    local secret=$ALIBABA_CLOUD_ACCESS_KEY_SECRET
    [ "$name" = wrong-secret ] && secret=Wrong0Secret0For0The0Scenario0
    # shellcheck disable=SC2086
    if ALIBABA_CLOUD_ACCESS_KEY_SECRET=$secret "$ALIYUN" ecs DescribeSecurityGroups $args \
        --endpoint "$endpoint" --insecure --region "$REGION" >"$out/$i.json" 2>"$out/$i.err"; then
      echo "$name: $(grep -o '"SecurityGroupId"' "$out/$i.json" | wc -l) groups" >"$out/$i.txt"
    else
      echo "$name: exit $?, $(sed -n 's/^ErrorCode: //p' "$out/$i.err" | tr -d '\033' | sed 's/\[[0-9;]*m//g')" >"$out/$i.txt"
      : >"$out/$i.json" # error bodies are compared by code: the recording is sanitized
    fi
  done < <(steps)
}

start ecsemu env ECSEMU_ACCESS_KEY_SECRET="$ALIBABA_CLOUD_ACCESS_KEY_SECRET" \
  "$WORK/bin/ecsemu" -listen 127.0.0.1:0 -access-key-id "$ALIBABA_CLOUD_ACCESS_KEY_ID"
EMU=$ADDR; EMU_PID=${pids[-1]}
VPC=$("$ALIYUN" ecs DescribeSecurityGroups --RegionId $REGION --MaxResults 1 \
  --endpoint "$EMU" --insecure --region $REGION | sed -n 's/.*"VpcId": *"\([^"]*\)".*/\1/p' | head -1)
start proxy-record "$WORK/bin/conformance" proxy -mode record -listen 127.0.0.1:0 -upstream "http://$EMU" \
  -cassettes "$WORK/cassettes" -reports "$WORK/reports" -recording aliyun-cli
PROXY_PID=${pids[-1]}
t0=$(date +%s.%N)
run "$WORK/recorded" "$ADDR"
t1=$(date +%s.%N)
kill -TERM "$PROXY_PID"; wait "$PROXY_PID" || true
kill -TERM "$EMU_PID"; wait "$EMU_PID" || true
grep '^proxy: ' "$WORK/proxy-record.log" || true

# Playback: the emulator is gone; where unshare -n works, so is the network.
netns=()
if unshare -n true 2>/dev/null && command -v ip >/dev/null; then netns=(unshare -n); fi
cat >"$WORK/playback.sh" <<EOF
set -euo pipefail
[ ${#netns[@]} -gt 0 ] && ip link set lo up
$(declare -f start run steps)
pids=(); WORK=$WORK; ALIYUN=$ALIYUN; REGION=$REGION; VPC=$VPC
start proxy-playback "$WORK/bin/conformance" proxy -mode playback -listen 127.0.0.1:0 -cassettes "$WORK/cassettes" -reports "$WORK/reports-playback" -recording aliyun-cli
run "$WORK/played" "\$ADDR"
kill -TERM "\${pids[-1]}"; wait "\${pids[-1]}" || true
grep '^proxy: ' "$WORK/proxy-playback.log" || true
EOF
t2=$(date +%s.%N)
"${netns[@]}" bash "$WORK/playback.sh"
t3=$(date +%s.%N)

fail=0
for f in $(ls "$WORK"/recorded/*.txt | sort -V); do
  n=$(basename "$f" .txt)
  if cmp -s "$f" "$WORK/played/$n.txt" && cmp -s "$WORK/recorded/$n.json" "$WORK/played/$n.json"; then
    echo "| aliyun-cli | $(cat "$f") | same |"
  else
    echo "| aliyun-cli | $(cat "$f") | DIFFERENT: $(cat "$WORK/played/$n.txt") |"; fail=1
  fi
done
# The secret scan, by hand: no trace of the key pair in what the proxy wrote.
if grep -rqF -e "$ALIBABA_CLOUD_ACCESS_KEY_ID" -e "$ALIBABA_CLOUD_ACCESS_KEY_SECRET" "$WORK/cassettes"; then
  echo "check.sh: the key pair is in $WORK/cassettes" >&2; fail=1
fi

# The plain call, a filter and an error from the committed suite cassettes (both schemes).
start replay-server "$WORK/bin/conformance" replay-server -listen 127.0.0.1:0 -cassettes cassettes
while IFS='|' read -r name args; do
  # shellcheck disable=SC2086
  if out=$("$ALIYUN" ecs DescribeSecurityGroups $args --endpoint "$ADDR" --insecure --region "$REGION" 2>&1); then
    echo "| aliyun-cli | $name (committed cassettes): $(grep -o '"SecurityGroupId"' <<<"$out" | wc -l) groups | replay-server |"
  else
    echo "| aliyun-cli | $name (committed cassettes): $(sed -n 's/^ErrorCode: //p' <<<"$out") | replay-server |"
  fi
done <<EOF
plain|--RegionId $REGION
name-filter|--RegionId $REGION --SecurityGroupName web --MaxResults 100
error|--RegionId $REGION --SecurityGroupType other
EOF

echo "record: $(awk "BEGIN{print $t1 - $t0}") s, playback$([ ${#netns[@]} -gt 0 ] && echo ' (unshare -n)'): $(awk "BEGIN{print $t3 - $t2}") s; work folder $WORK"
exit $fail
