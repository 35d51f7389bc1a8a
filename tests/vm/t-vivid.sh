#!/bin/bash
# vivid loads on demand beside visl and shows up as a media device of its own.
set -uo pipefail
source "$(dirname "$0")/testlib.sh"
in_vm || vm_main --modules visl,vivid --vivid "n_devs=1" --timeout 90

check "vivid module loaded" [ -d /sys/module/vivid ]
check "visl module loaded" [ -d /sys/module/visl ]
check "vivid n_devs=1 reached the driver" [ "$(cat /sys/module/vivid/parameters/n_devs)" = 1 ]
visl=$(media_node_of_model visl) || visl=
vivid=$(media_node_of_model vivid) || vivid=
check "visl media device ($visl)" [ -c "$visl" ]
check "vivid media device ($vivid)" [ -c "$vivid" ]
check "they are different devices" test -n "$vivid" -a "$visl" != "$vivid"
check "media-ctl reads vivid's topology" sh -c "media-ctl -d '$vivid' -p | grep -q 'vivid'"
check "v4l2-ctl lists both" sh -c "v4l2-ctl --list-devices | grep -q visl && v4l2-ctl --list-devices | grep -q vivid"
done_checks
