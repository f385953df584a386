#pragma once
// Live apply: make the running kernel match a NetworkState without a reboot and
// without restarting a network service (issue 3).
//
// What it does, for each Ethernet or InfiniBand interface of the state that is
// matched to a kernel link by MAC (or, without a MAC, by its name):
//   1. rename it to its target name — link down first (the kernel refuses to
//      rename a running link, cloud-init #5113), by ifindex (a concurrent udev
//      rename cannot redirect us, #5075), through a temporary name when the
//      target is held by another NIC of the state that moves too (eth0 ⇄ eth1);
//   2. set its MTU;
//   3. delete unwanted addresses, add the static ones;
//   4. bring it up; 5. add or replace its routes (default route via a gateway).
// What it does not do, and says so in LivePlan::notes:
//   - rename or touch a NIC the state does not mention, or rename onto a name
//     held by such a NIC;
//   - create bonds, VLANs or bridges (the renderers' files do that at the next
//     start of the network service; this kernel has no bond/vlan modules either);
//     members of a bond or bridge are renamed only;
//   - DHCP, SLAAC or other dynamic methods: left to the network service;
//   - delete routes it did not ask for.
// Address flush rule: on an interface it configures (matched, not a member, with
// at least one Static subnet), every address that is permanent (no lifetime),
// not link- or host-scoped, not wanted, and of a family no dynamic method of the
// interface owns, is deleted. Addresses with a lifetime belong to a DHCP client
// or RA autoconf and are never touched; nor is any address on other interfaces.
// A link down (for a rename) or an address deletion can take routes and addresses
// along with it in the kernel; the plan then adds/replaces ours on that link and
// family again rather than trusting the view it was computed from.
#include <string>
#include <vector>

#include "netconf/live_netlink.h"
#include "netconf/network_state.h"

namespace vc::netconf {

struct LiveStep {
  enum class Op { LinkDown, Rename, SetMtu, DeleteAddress, AddAddress, LinkUp, ReplaceRoute };
  Op op = Op::LinkUp;
  int ifindex = 0;
  std::string mac;       // the NIC's, checked again before a rename
  std::string name;      // the link's name when the step runs
  std::string new_name;  // Rename
  int mtu = 0;           // SetMtu
  Address address;       // Add/DeleteAddress
  KernelRoute route;     // ReplaceRoute
  std::string why;       // shown in parentheses; empty for the obvious
  bool operator==(const LiveStep&) const = default;
};

// "rename 52:54:00:aa:00:01 ens3 → eth0", "add 10.1.1.1/16 on eth0",
// "route default via 10.1.0.1 dev eth0".
std::string describe(const LiveStep& s);
// "default via 10.1.0.1 dev eth0", "10.2.0.0/16 via 10.1.0.254 dev eth0 metric 100 table 5".
std::string describe_route(const KernelRoute& r, const std::string& dev);

struct LivePlan {
  std::vector<LiveStep> steps;     // in execution order
  std::vector<std::string> notes;  // what is skipped and why (warnings)
};

// Pure: the steps that take `kernel` to `state`. Empty when they already match.
LivePlan plan_live(const NetworkState& state, const KernelView& kernel);

// Carries out one step; throws NetlinkError naming the step.
void run_live_step(Netlink& nl, const LiveStep& step);

struct LiveOptions {
  bool dry_run = false;  // plan against the kernel, change nothing
};

struct LiveReport {
  std::vector<std::string> done;     // describe() of each step carried out (planned, on a dry run)
  std::vector<std::string> notes;
  std::string error;                 // the first failed step's error; later steps not run
  bool ok() const { return error.empty(); }
};

// Reads the kernel, plans, runs the steps in order, stops at the first failure.
// Throws NetlinkError only when the kernel cannot be read at all.
LiveReport apply_live(const NetworkState& state, const LiveOptions& options = {});

}  // namespace vc::netconf
