#!/usr/bin/env bash
# Drives the real alicloud Terraform provider (v1.240.0, built from the Go
# module proxy) against ecsemu with OpenTofu, reading data
# "alicloud_security_groups" four ways, each with enable_details = false and
# = true, and checks the answers. See README.md beside this file.
#
# Environment (all optional):
#   ECS_TF_CACHE    where the provider and tofu binaries are built and kept
#                   (default: ${XDG_CACHE_HOME:-$HOME/.cache}/ecs-conformance/terraform)
#   ECS_TF_CLI      an existing Terraform-compatible CLI to use instead of
#                   building OpenTofu (tofu, or an MPL terraform <= 1.5)
#   ECS_TF_DETAILS  "false", "true" or "both" (default): which enable_details runs
#   ECS_TF_TIMEOUT  seconds one apply may take (default 600)
#   ECS_TF_KEEP     set to 1 to keep the temporary directory (logs, state)
#   ECS_TF_DEBUG    set to 1 for TF_LOG=DEBUG in each run's tf.log
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cache="${ECS_TF_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ecs-conformance/terraform}"
details_modes="${ECS_TF_DETAILS:-both}"
run_timeout="${ECS_TF_TIMEOUT:-600}"

# The emulator's default identity: fakes, published on purpose.
access_key="LTAI5tEmulatorDefault0001"
secret_key="EmulatorDefaultSecret0000000000001"
region="cn-hangzhou"

say() { printf '==> %s\n' "$*"; }

work="$(mktemp -d "${TMPDIR:-/tmp}/ecs-tf.XXXXXX")"
emu_pid=""
cleanup() {
	local rc=$?
	if [[ -n "$emu_pid" ]] && kill -0 "$emu_pid" 2>/dev/null; then
		kill "$emu_pid" 2>/dev/null || true
		wait "$emu_pid" 2>/dev/null || true
	fi
	if [[ "${ECS_TF_KEEP:-}" == 1 ]]; then
		echo "kept $work"
	else
		rm -rf "$work"
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# 1. Builds. Go's build cache makes the second run quick; the first build of
# the provider's alicloud package takes minutes and about 3 GB of cache.
mkdir -p "$cache/provider" "$cache/bin"
say "building terraform-provider-alicloud v1.240.0 into $cache/provider (first build: several minutes)"
start=$SECONDS
(cd "$here" && go build -trimpath -o "$cache/provider/terraform-provider-alicloud" .)
say "provider ready ($((SECONDS - start)) s)"

if [[ -n "${ECS_TF_CLI:-}" ]]; then
	cli="$ECS_TF_CLI"
else
	say "building OpenTofu v1.10.6 into $cache/bin"
	start=$SECONDS
	# version.dev=no is what OpenTofu's release build sets: "v1.10.6", not "v1.10.6-dev".
	(cd "$here/tofu" && go build -trimpath -ldflags=-X=github.com/opentofu/opentofu/version.dev=no \
		-o "$cache/bin/tofu" github.com/opentofu/opentofu/cmd/tofu)
	cli="$cache/bin/tofu"
	say "tofu ready ($((SECONDS - start)) s)"
fi

(cd "$repo" && go build -o "$work/ecsemu" ./cmd/ecsemu)
(cd "$here" && go build -o "$work/check" ./check)

# 2. The emulator, on a free loopback port, with its default keys and fixture.
# (ecsemu would take other keys from ECSEMU_ACCESS_KEY_ID/_SECRET: unset them.)
env -u ECSEMU_ACCESS_KEY_ID -u ECSEMU_ACCESS_KEY_SECRET \
	"$work/ecsemu" -listen 127.0.0.1:0 >"$work/ecsemu.log" 2>&1 &
emu_pid=$!
addr=""
for _ in $(seq 1 100); do
	addr="$(sed -n 's#^ecsemu listening on http://##p' "$work/ecsemu.log" | head -1)"
	[[ -n "$addr" ]] && break
	kill -0 "$emu_pid" 2>/dev/null || break
	sleep 0.1
done
if [[ -z "$addr" ]]; then
	echo "FAIL ecsemu did not start:" >&2
	cat "$work/ecsemu.log" >&2
	exit 1
fi
say "ecsemu (pid $emu_pid) listening on $addr"

# ecsemu batches its log (a line is out a few milliseconds after its
# request): a run's calls are counted once the log has not grown for
# 50 ms, so that neither the last lines of a run nor those of the check
# before it land in another run's count. Bounded at 5 s.
settle_log() {
	local size last=-1
	for _ in $(seq 1 100); do
		size=$(wc -c <"$work/ecsemu.log")
		[[ "$size" == "$last" ]] && return 0
		last=$size
		sleep 0.05
	done
}

# The CLI finds the provider through dev_overrides: no registry, no init.
mkdir -p "$work/home"
cat >"$work/cli.tfrc" <<EOF
provider_installation {
  dev_overrides {
    "aliyun/alicloud" = "$cache/provider"
  }
  direct {}
}
EOF

# 3. The queries. Expected numbers are those of the default fixture for the
# default account in cn-hangzhou.
vpc="vpc-bp1k7qhsz3nd8yx0fwt2a"
tag_key="env" tag_value="prod"
name_regex="^web"
# label | extra -var argument | groups | total_count | groups whose
# InnerAccessPolicy is Accept (so inner_access = true) | checker flags
cases=(
	"all||264|264|168|"
	"vpc|vpc_id=$vpc|47|47|27|-vpc=$vpc"
	"tag|tags={$tag_key=\"$tag_value\"}|78|78|47|-tag=$tag_key=$tag_value"
	"name_regex|name_regex=$name_regex|4|264|2|-name-regex=$name_regex"
)
# name_regex is applied by the provider after paging through every group, so
# total_count stays the server's count for the unfiltered query.

case "$details_modes" in
both) modes=(false true) ;;
false | true) modes=("$details_modes") ;;
*) echo "ECS_TF_DETAILS must be false, true or both" >&2; exit 2 ;;
esac

esc=$'\033'
limit=()
command -v timeout >/dev/null && limit=(timeout "$run_timeout")

tf() {
	# A clean environment: no ALICLOUD_*/ALIBABA_CLOUD_* variable of the
	# caller's (keys, profile, ECS role, role ARN, credentials URI, OIDC,
	# endpoints), no TF_ENDPOINT_PATH and no HTTP(S)_PROXY can reach the
	# provider, and HOME is a fresh directory, so no ~/.aliyun/config.json.
	# Each run's directory is new, so it holds no endpoints.xml either.
	local dir=$1
	shift
	env -i PATH="$PATH" HOME="$work/home" TMPDIR="${TMPDIR:-/tmp}" \
		TF_CLI_CONFIG_FILE="$work/cli.tfrc" TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1 \
		TF_VAR_access_key="$access_key" TF_VAR_secret_key="$secret_key" \
		${ECS_TF_DEBUG:+TF_LOG=DEBUG TF_LOG_PATH="$dir/tf.log"} \
		${limit[@]+"${limit[@]}"} "$cli" -chdir="$dir" "$@"
}

say "$(tf "$work" version | head -1)"

passed=0 failed=0
for details in "${modes[@]}"; do
	for c in "${cases[@]}"; do
		IFS='|' read -r name var want want_total want_accept flags <<<"$c"
		label="$name/enable_details=$details"
		dir="$work/run-$name-$details"
		mkdir -p "$dir"
		cp "$here/config/main.tf" "$dir/main.tf"
		args=(-var "endpoint=$addr" -var "region=$region" -var "enable_details=$details")
		[[ -n "$var" ]] && args+=(-var "$var")
		settle_log
		before=$(wc -l <"$work/ecsemu.log")
		start=$SECONDS
		applied=true
		tf "$dir" apply -auto-approve -input=false -no-color "${args[@]}" >"$dir/apply.log" 2>&1 || applied=false
		took=$((SECONDS - start))
		settle_log
		tail -n +"$((before + 1))" "$work/ecsemu.log" >"$dir/ecsemu.log"
		# What the emulator served during this run, by action and status.
		calls=$(awk '
			/msg=request/ {
				a = ""; s = ""
				for (i = 1; i <= NF; i++) {
					if ($i ~ /^action=/) a = substr($i, 8)
					if ($i ~ /^status=/) s = substr($i, 8)
				}
				n[a " (HTTP " s ")"]++
			}
			END { for (k in n) { printf "%s%s x%d", sep, k, n[k]; sep = ", " } }' "$dir/ecsemu.log")
		dsga_all=$(grep -c 'action=DescribeSecurityGroupAttribute ' "$dir/ecsemu.log" || true)
		dsga_ok=$(grep 'action=DescribeSecurityGroupAttribute ' "$dir/ecsemu.log" | grep -c 'status=200 ' || true)
		echo "     $label: apply $([[ $applied == true ]] && echo succeeded || echo failed) in $took s; emulator saw ${calls:-no requests}"
		if [[ $applied != true ]]; then
			echo "FAIL $label: apply failed:"
			# The provider colours its errors; strip the escapes.
			sed "s/$esc\[[0-9;]*m//g" "$dir/apply.log" | grep -A8 -E '^Error|Error: ' | grep -v -E '^\s*$' | sed 's/^/    /' | head -24
			failed=$((failed + 1))
			continue
		fi
		tf "$dir" output -json >"$dir/outputs.json"
		# shellcheck disable=SC2086 # flags is a list of -flag=value words
		if ALIBABA_CLOUD_ACCESS_KEY_ID="$access_key" ALIBABA_CLOUD_ACCESS_KEY_SECRET="$secret_key" \
			"$work/check" -outputs "$dir/outputs.json" -label "$label" -details="$details" \
			-want "$want" -want-total "$want_total" -want-accept "$want_accept" \
			-dsga-calls "$dsga_all" -dsga-ok "$dsga_ok" -endpoint "$addr" -region "$region" $flags; then
			passed=$((passed + 1))
		else
			failed=$((failed + 1))
		fi
	done
done

echo "terraform: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
