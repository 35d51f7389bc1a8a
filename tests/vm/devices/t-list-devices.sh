#!/bin/bash
# sluice --list-devices on the virtual board, checked against v4l2-ctl in the same guest.
#
# Usage: t-list-devices.sh SLUICE_BINARY SCENARIO
#   visl        visl alone: found, with every OUTPUT format v4l2-ctl lists, CAPTURE formats
#               as v4l2-ctl sees them after S_FMT, requests supported, overrides honoured
#   visl-vivid  visl and vivid: vivid's media device is looked at but never picked
#   vivid       vivid alone: "no decoder", non-zero exit
#   none        no media driver at all: "no decoder", non-zero exit
# On the host the script re-runs itself in the guest; in the guest (SLUICE_VM=1) it checks.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
sluice=$1
scenario=$2
source "$here/../testlib.sh"

if ! in_vm; then
	case $scenario in
	visl) modules=visl ;;
	visl-vivid) modules=visl,vivid ;;
	vivid) modules=vivid ;;
	none) modules=none ;;
	*) echo "unknown scenario '$scenario'" >&2; exit 2 ;;
	esac
	out=${SLUICE_VM_TEST_OUT:-/tmp/sluice-vm-tests}/list-devices-$scenario
	rm -rf "$out" && mkdir -p "$out"
	exec "$here/../run" --out "$out" --modules "$modules" --vivid "n_devs=1" --timeout 150 -- \
		bash "$here/t-list-devices.sh" "$sluice" "$scenario"
fi

tmp=${SLUICE_VM_OUT:-/tmp}
json=$tmp/list.json
errors=$tmp/list.err
no_decoder_line='sluice: no V4L2 stateless decoder found (looked at /dev/media*)'

# The fourccs "v4l2-ctl --list-formats*" prints, one per line, sorted: lines like
#   [4]: 'S264' (H.264 Parsed Slice Data, compressed)
fourccs_of_v4l2ctl() { sed -n "s/^[[:space:]]*\[[0-9]*\]: '\([^']*\)'.*/\1/p" | sed 's/ *$//' | sort; }

expect_no_decoder() {
	local rc=0
	"$sluice" --list-devices --json > "$json" 2> "$errors" || rc=$?
	check "exit status is non-zero without a decoder (got $rc)" [ "$rc" != 0 ]
	check "says no decoder in one clear line" grep -qxF "$no_decoder_line" "$errors"
	check "prints nothing on stdout" [ ! -s "$json" ]
	rc=0
	"$sluice" --list-devices > /dev/null 2>&1 || rc=$?
	check "text mode also fails ($rc)" [ "$rc" != 0 ]
}

check_visl() {
	local node media rc=0
	node=$(visl_video_node) || node=
	media=$(media_node_of_model visl) || media=
	check "visl video node exists ($node)" [ -c "$node" ]
	check "visl media node exists ($media)" [ -c "$media" ]

	"$sluice" --list-devices --json > "$json" 2> "$errors" || rc=$?
	check "--list-devices --json succeeds ($rc)" [ "$rc" = 0 ]
	check "output is valid JSON" jq empty "$json"
	check "exactly one decoder: visl" \
		[ "$(jq -r '[.decoders[].driver] | join(",")' "$json")" = visl ]
	check "video node is visl's ($node)" \
		[ "$(jq -r '.decoders[0].video_node' "$json")" = "$node" ]
	check "media node is visl's ($media)" \
		[ "$(jq -r '.decoders[0].media_node' "$json")" = "$media" ]
	check "requests supported" [ "$(jq -r '.decoders[0].requests' "$json")" = true ]
	check "multi-planar" [ "$(jq -r '.decoders[0].multiplanar' "$json")" = true ]

	local want got
	want=$(v4l2-ctl -d "$node" --list-formats-out | fourccs_of_v4l2ctl)
	got=$(jq -r '.decoders[0].codecs[].fourcc' "$json" | sort)
	echo "v4l2-ctl OUTPUT formats: $(echo $want)"
	echo "sluice coded formats:    $(echo $got)"
	check_ge "v4l2-ctl lists OUTPUT formats" "$(echo "$want" | grep -c .)" 1
	check "coded formats match v4l2-ctl --list-formats-out" [ "$want" = "$got" ]
	check "seven coded formats" [ "$(echo "$got" | grep -c .)" = 7 ]

	local fcc cap_want cap_got
	for fcc in $got; do
		cap_want=$(v4l2-ctl -d "$node" \
			--set-fmt-video-out=width=320,height=240,pixelformat="$fcc" \
			--list-formats | fourccs_of_v4l2ctl)
		cap_got=$(jq -r --arg f "$fcc" \
			'.decoders[0].codecs[] | select(.fourcc == $f) | .capture_formats[].fourcc' \
			"$json" | sort)
		check "$fcc: CAPTURE formats match v4l2-ctl ($(echo $cap_got))" \
			[ -n "$cap_want" -a "$cap_want" = "$cap_got" ]
	done
	check "every CAPTURE format has a DRM mapping" \
		[ "$(jq '[.decoders[0].codecs[].capture_formats[] | select(.drm_fourcc == null)] | length' "$json")" = 0 ]
	check "H.264 decode modes come from the driver's menu" \
		[ "$(jq -r '.decoders[0].codecs[] | select(.fourcc == "S264") | .decode_modes | length' "$json")" -ge 1 ]

	rc=0
	"$sluice" --list-devices > "$tmp/list.txt" 2>&1 || rc=$?
	check "text mode succeeds ($rc)" [ "$rc" = 0 ]
	check "text mode names visl and its node" grep -q "video node: *$node" "$tmp/list.txt"

	rc=0
	"$sluice" --list-devices --json --device "$node" > "$tmp/dev.json" 2>&1 || rc=$?
	check "--device $node picks it" \
		[ "$rc" = 0 -a "$(jq -r '.decoders[0].video_node' "$tmp/dev.json")" = "$node" ]
	rc=0
	"$sluice" --list-devices --json --media "$media" > "$tmp/media.json" 2>&1 || rc=$?
	check "--media $media picks it" \
		[ "$rc" = 0 -a "$(jq -r '.media_nodes_seen | join(",")' "$tmp/media.json")" = "$media" ]
	rc=0
	"$sluice" --list-devices --device /dev/null > "$tmp/null.txt" 2>&1 || rc=$?
	check "--device /dev/null is refused ($rc)" [ "$rc" != 0 ]
	check "... with a message naming it" grep -q "/dev/null" "$tmp/null.txt"
}

case $scenario in
visl)
	check_visl
	;;
visl-vivid)
	vivid=$(media_node_of_model vivid) || vivid=
	check "vivid media node exists ($vivid)" [ -c "$vivid" ]
	check_visl
	check "vivid's media node was looked at" \
		[ "$(jq --arg m "$vivid" '.media_nodes_seen | index($m) != null' "$json")" = true ]
	check "no decoder from vivid" \
		[ "$(jq '[.decoders[] | select(.driver != "visl")] | length' "$json")" = 0 ]
	rc=0
	"$sluice" --list-devices --media "$vivid" > "$tmp/vivid.txt" 2>&1 || rc=$?
	check "--media $vivid (vivid) is refused" [ "$rc" != 0 ]
	check "... saying it has no stateless decoder" grep -q "has no V4L2 stateless decoder" "$tmp/vivid.txt"
	;;
vivid)
	check "vivid loaded" [ -d /sys/module/vivid ]
	expect_no_decoder
	;;
none)
	expect_no_decoder
	;;
esac
done_checks
