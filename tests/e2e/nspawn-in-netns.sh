#!/usr/bin/env bash
# usage: nspawn-in-netns.sh SCRATCH_DIR systemd-nspawn ARGS...
# Runs in the node's network namespace and a private mount namespace (the caller
# does: nsenter --net=… unshare -m --propagation private). systemd-nspawn given
# --network-namespace-path does not mount a sysfs of its own: the container would
# see the host's /sys/class/net, and the agent (which finds NICs by MAC there) the
# host's NICs. So /sys is remounted here, for this namespace, keeping the cgroup
# tree nspawn needs (cgroup v1 on these hosts) by moving it across.
set -euo pipefail
scratch=$1; shift
mkdir -p "$scratch"
mount --rbind /sys/fs/cgroup "$scratch"
mount -t sysfs sysfs /sys
mount --move "$scratch" /sys/fs/cgroup
exec "$@"
