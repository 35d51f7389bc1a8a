#!/bin/sh
# SPDX-License-Identifier: MIT
# Extracts Mesa 25 from bookworm-backports into a private folder, for weston only, without
# touching the system's Mesa. Its llvmpipe lets headless weston GL advertise linux-dmabuf, so
# the dmabuf path can be tested against a real compositor on the host:
#
#   tests/wayland/fetch-mesa.sh /tmp/mesa25
#   SLUICE_TEST_MESA_ROOT=/tmp/mesa25/usr build-wl/tests/wayland/wayland-weston-test
set -eu
dest=${1:?usage: fetch-mesa.sh DEST}
mkdir -p "$dest/debs"
cd "$dest/debs"
apt-get download -t bookworm-backports libegl-mesa0 libgl1-mesa-dri libgbm1 mesa-libgallium \
	libglx-mesa0 libdrm2
for deb in *.deb; do
	dpkg -x "$deb" "$dest"
done
echo "SLUICE_TEST_MESA_ROOT=$dest/usr"
