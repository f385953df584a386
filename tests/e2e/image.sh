# Debian 12 images for the e2e harness (sourced by run.sh).
#
# The base root is built once by debootstrap and kept in $CACHE, named by a hash of
# this file and the mirror, so any change to the recipe builds a new one and a rerun
# with the same recipe takes no time. Node roots are overlays on it (a copy where
# overlayfs is unavailable), so each node starts from the pristine image.
#
# The image stands for a cluster image as a site builds it: Grid Engine is installed
# and configured for a master that no longer exists (VC_IMAGE_MASTER), the hostname,
# /etc/hosts and resolv.conf are the image builder's, and every node clones the same
# SSH host keys. vc-agent must replace all of these at boot.

VC_IMAGE_SUITE=bookworm
VC_IMAGE_MASTER=vc-image-master
VC_IMAGE_USER=e2e
# debootstrap --include: what boots under nspawn and what the checks run.
VC_IMAGE_BOOT=systemd,systemd-sysv,dbus,iproute2,openssh-server,procps
# apt-get inside the root (debootstrap resolves no alternatives, such as the
# mail-transport-agent gridengine pulls in).
VC_IMAGE_APT="gridengine-master gridengine-exec gridengine-client"

# The mirror this machine's apt uses for the suite (deb822 or one-line format).
image_mirror() {
  local f uri
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    uri=$(awk -v s="$VC_IMAGE_SUITE" '
      /^[[:space:]]*$/ { if (ok && uri != "" && en) { print uri; exit } ok = 0; uri = ""; en = 1; next }
      /^URIs:/ { uri = $2 }
      /^Enabled:[[:space:]]*no/ { en = 0 }
      /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == s) ok = 1 }
      BEGIN { en = 1 }
      END { if (ok && uri != "" && en) print uri }' "$f" | head -1)
    [ -n "$uri" ] && { echo "$uri"; return; }
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    uri=$(awk -v s="$VC_IMAGE_SUITE" '$1 == "deb" && $3 == s { print $2; exit }' "$f" \
          | sed 's/^\[[^]]*\]//')
    [ -n "$uri" ] && { echo "$uri"; return; }
  done
  echo http://deb.debian.org/debian
}

image_key() {  # KIND FUNCTION...: names a cached root by its recipe (those functions)
  local kind=$1; shift
  { declare -f "$@"
    echo "$VC_IMAGE_SUITE|$VC_IMAGE_BOOT|$VC_IMAGE_APT|$VC_IMAGE_MASTER|$VC_IMAGE_USER|$kind|$(image_mirror)"
  } | sha256sum | cut -c1-16
}

# Runs a command inside ROOT with the host's network (apt downloads), no daemons.
image_run() {
  local root=$1; shift
  systemd-nspawn -q --pipe --register=no --keep-unit --resolv-conf=bind-host --timezone=off \
    --link-journal=no --hostname="$VC_IMAGE_MASTER" -D "$root" -E DEBIAN_FRONTEND=noninteractive -- "$@"
}

# ROOT: turns a fresh debootstrap into the "site image". Every step checks its own
# status: this runs in an `||` context, where set -e does not apply.
image_configure_base() {
  local r=$1
  # What the image builder's machine (the old master) leaves behind, for the agent
  # to replace. Grid Engine's postinst resolves this name, so it comes first.
  echo "$VC_IMAGE_MASTER" > "$r/etc/hostname"
  printf '127.0.0.1\tlocalhost\n127.0.1.1\t%s\n\n::1\tlocalhost ip6-localhost ip6-loopback\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n' \
    "$VC_IMAGE_MASTER" > "$r/etc/hosts"
  printf 'search image-builder.example\nnameserver 192.0.2.53\n' > "$r/etc/resolv.conf"
  # Daemons must not start while packages are installed into the root.
  printf '#!/bin/sh\nexit 101\n' > "$r/usr/sbin/policy-rc.d" && chmod 755 "$r/usr/sbin/policy-rc.d" || return 1
  echo "deb $(image_mirror) $VC_IMAGE_SUITE main" > "$r/etc/apt/sources.list"
  image_run "$r" debconf-set-selections <<EOF2 || return 1
gridengine-common shared/gridengineconfig boolean true
gridengine-common shared/gridenginecell string default
gridengine-common shared/gridenginemaster string $VC_IMAGE_MASTER
EOF2
  # shellcheck disable=SC2086
  image_run "$r" apt-get install -y -q --no-install-recommends $VC_IMAGE_APT || return 1
  image_run "$r" apt-get clean || return 1
  rm -f "$r/usr/sbin/policy-rc.d"
  image_sge_queue "$r" || return 1
  # No udev in a container: networkd is the network service the agent's files feed.
  image_run "$r" systemctl enable systemd-networkd.service || return 1
  # A cluster user, the same on every node (as NIS/LDAP would make it): Grid Engine
  # runs no job for uid < 1000.
  image_run "$r" useradd -m -u 1000 -U -s /bin/bash "$VC_IMAGE_USER" || return 1
  # The container's console is not a terminal anyone logs in on. exim4 (the MTA
  # gridengine pulls in) would spend a minute of every boot resolving the new
  # hostname against the input's unreachable nameserver, holding multi-user.target.
  image_run "$r" systemctl mask console-getty.service getty@tty1.service exim4.service || return 1
  # Empty: each node's first boot makes its own machine-id (the agent's instance id).
  : > "$r/etc/machine-id"
}

# CACHE/NAME-KEY is complete, or is built by BUILDER TMPDIR (which must return nonzero
# on failure); older NAME-* roots are deleted (each is ~350 MB). Sets IMAGE_DIR.
image_cached() {
  local name=$1 key=$2 builder=$3 dir tmp t0
  dir=$CACHE/$name-$key
  IMAGE_DIR=$dir
  if [ -f "$dir/.complete" ]; then log "image: $name cached"; return; fi
  tmp=$dir.tmp.$$
  rm -rf "$tmp"
  t0=$SECONDS
  log "image: building $name ..."
  if ! "$builder" "$tmp" > "$CACHE/$name.log" 2>&1; then
    tail -25 "$CACHE/$name.log" >&2
    rm -rf "$tmp"
    die "building the $name root failed (log: $CACHE/$name.log)"
  fi
  touch "$tmp/.complete"
  find "$CACHE" -maxdepth 1 -name "$name-*" ! -name "$name-$key*" -exec rm -rf {} + 2>/dev/null || true
  mv "$tmp" "$dir"
  timing "image layer $name built (cold) in $((SECONDS - t0)) s"
}

build_debootstrap() {
  debootstrap --variant=minbase --include="$VC_IMAGE_BOOT" "$VC_IMAGE_SUITE" "$1" "$(image_mirror)"
}

build_base() {
  cp -a --reflink=auto "$DEBOOTSTRAP_ROOT" "$1" && rm -f "$1/.complete" && image_configure_base "$1"
}

build_cloudinit() {
  local r=$1
  cp -a --reflink=auto "$BASE_ROOT" "$r" && rm -f "$r/.complete" || return 1
  printf '#!/bin/sh\nexit 101\n' > "$r/usr/sbin/policy-rc.d" && chmod 755 "$r/usr/sbin/policy-rc.d" || return 1
  image_run "$r" apt-get update -q || return 1
  # locales, en_US.UTF-8: cloud-init's locale module fails without them (a cloud
  # image has them); Debian's locale-gen ignores the locale cloud-init passes.
  image_run "$r" apt-get install -y -q --no-install-recommends cloud-init locales || return 1
  echo 'en_US.UTF-8 UTF-8' >> "$r/etc/locale.gen"
  image_run "$r" locale-gen || return 1
  image_run "$r" apt-get clean || return 1
  rm -f "$r/usr/sbin/policy-rc.d"
}

# The queue a site's image has (Rocks ships all.q on @allhosts; Debian's package
# makes none): qconf needs a running qmaster, started here on a private loopback
# under the image's master name. The agent fills @allhosts with the computes.
# No load threshold: containers report the host's load average, which a busy CI
# machine keeps above the default np_load_avg=1.75 (the queue would be in alarm).
image_sge_queue() {
  local r=$1
  cp "$r/etc/hosts" "$r/var/tmp/hosts.image"
  # SGE refuses a client whose address resolves to another name than its own.
  printf '127.0.0.1\t%s localhost\n' "$VC_IMAGE_MASTER" > "$r/etc/hosts"
  cat > "$r/var/tmp/queue.sh" <<'EOF2'
set -e
. /var/lib/gridengine/default/common/settings.sh
/etc/init.d/gridengine-master start
for i in $(seq 100); do qconf -sh >/dev/null 2>&1 && break; sleep 0.2; done
printf 'group_name @allhosts\nhostlist NONE\n' > /var/tmp/allhosts
qconf -Ahgrp /var/tmp/allhosts
printf '#!/bin/sh\nsed -i -e "s/^hostlist .*/hostlist @allhosts/" -e "s/^pe_list .*/pe_list NONE/" -e "s/^load_thresholds .*/load_thresholds NONE/" "$1"\n' > /var/tmp/ed.sh
chmod +x /var/tmp/ed.sh
EDITOR=/var/tmp/ed.sh qconf -aq all.q
qconf -sq all.q | grep -qx 'hostlist *@allhosts'
/etc/init.d/gridengine-master stop
rm -f /var/tmp/allhosts /var/tmp/ed.sh
EOF2
  systemd-nspawn -q --pipe --private-network --register=no --keep-unit --resolv-conf=off --timezone=off \
    --link-journal=no --hostname="$VC_IMAGE_MASTER" -D "$r" sh /var/tmp/queue.sh
  local rc=$?
  mv "$r/var/tmp/hosts.image" "$r/etc/hosts"
  rm -f "$r/var/tmp/queue.sh"
  return $rc
}

# Sets BASE_ROOT (building the layers that are missing).
image_base() {
  command -v debootstrap >/dev/null || apt_install debootstrap
  local k1
  k1=$(echo "$VC_IMAGE_SUITE $VC_IMAGE_BOOT $(image_mirror)" | sha256sum | cut -c1-16)
  image_cached debian12-debootstrap "$k1" build_debootstrap
  DEBOOTSTRAP_ROOT=$IMAGE_DIR
  image_cached debian12-base "$(image_key "base $k1" image_configure_base image_sge_queue)" build_base
  BASE_ROOT=$IMAGE_DIR
}

# Sets CLOUDINIT_ROOT: the base plus cloud-init (22.4 in bookworm), for the benchmark.
image_cloudinit() {
  image_cached debian12-cloudinit "$(image_key "cloudinit $(basename "$BASE_ROOT")" build_cloudinit)" build_cloudinit
  CLOUDINIT_ROOT=$IMAGE_DIR
}

# NODE_ROOT LOWER: a writable root for one node on top of LOWER.
node_root_mount() {
  local root=$1 lower=$2 up=$1.upper work=$1.work
  mkdir -p "$root" "$up" "$work"
  if mount -t overlay overlay -o "lowerdir=$lower,upperdir=$up,workdir=$work" "$root" 2>/dev/null; then
    echo "mount $root" >> "$STATE"
  else
    log "image: overlayfs unavailable; copying the root for $(basename "$root")"
    cp -a --reflink=auto "$lower/." "$root/"
  fi
}

# Installs the project's .deb into a node root (the image build's last step).
node_install_deb() {
  local root=$1 deb=$2
  # Not /tmp: nspawn mounts a fresh tmpfs there.
  cp "$deb" "$root/var/tmp/vc-agent.deb"
  image_run "$root" dpkg -i /var/tmp/vc-agent.deb > "$root.dpkg.log" 2>&1 \
    || { cat "$root.dpkg.log" >&2; die "dpkg -i $(basename "$deb") failed in $(basename "$root")"; }
  rm -f "$root/var/tmp/vc-agent.deb"
}
