#!/usr/bin/env bash
# Lets this machine run binaries of another CPU architecture (for the arm64 stand-in's debootstrap
# second stage and `docker run --platform linux/arm64`): mounts binfmt_misc when it is not mounted
# and registers Debian's qemu-user-static handler for the architecture, with the F flag it ships
# (the kernel opens the interpreter once, so it also works in chroots and containers).
#
# Usage (root): binfmt-qemu.sh <docker arch: arm64>
set -euo pipefail

arch=${1:?docker architecture, e.g. arm64}
case "$arch" in
  arm64) qemu=aarch64 ;;
  *) echo "binfmt-qemu: no qemu handler known for '$arch'" >&2; exit 2 ;;
esac
binfmt=/proc/sys/fs/binfmt_misc
conf=/usr/lib/binfmt.d/qemu-$qemu.conf

if [ ! -e "$binfmt/register" ]; then
  mount -t binfmt_misc binfmt_misc "$binfmt" || { echo "binfmt-qemu: cannot mount binfmt_misc at $binfmt" >&2; exit 1; }
fi
if [ ! -e "$binfmt/qemu-$qemu" ]; then
  [ -f "$conf" ] || { echo "binfmt-qemu: $conf is missing (apt-get install qemu-user-static)" >&2; exit 1; }
  cat "$conf" >"$binfmt/register"
fi
status=$(head -1 "$binfmt/qemu-$qemu")
flags=$(awk '$1 == "flags:" { print $2 }' "$binfmt/qemu-$qemu")
[ "$status" = enabled ] || { echo "binfmt-qemu: the qemu-$qemu handler is $status" >&2; exit 1; }
[[ "$flags" == *F* ]] || { echo "binfmt-qemu: the qemu-$qemu handler lacks the F flag ($flags): containers could not find it" >&2; exit 1; }
echo "binfmt-qemu: $arch binaries run through $(awk '$1 == "interpreter" { print $2 }' "$binfmt/qemu-$qemu") (flags $flags)"
