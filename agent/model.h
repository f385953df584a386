#pragma once
// The Model: everything the agent learned from its input, typed and validated.
// A parser produces it; the planner reads it; nothing else touches input bytes.
#include <optional>
#include <string>
#include <vector>

#include "netconf/address.h"
#include "netconf/network_state.h"

namespace vc {

enum class Role { Frontend, Compute };
const char* role_name(Role r);  // "frontend" / "compute"

// Which real generation of vc-out.xml the document is (pragma.md §0.1).
enum class VcOutGeneration { G0, G0Plus, G1, OpenNebula };
const char* generation_name(VcOutGeneration g);

// One NIC as the input describes it. `network` is the element tag: "private",
// "public" or any other network name ("openflow").
struct Nic {
  std::string network;
  netconf::IpAddress ip;
  int prefix = 0;
  std::string mac;  // normalised; empty when the input had none (old G0 files)
  int mtu = 1500;
  int line = 0;     // where in the input, for messages
};

struct ComputeNode {
  std::string name;  // short name, e.g. "compute-0"
  int cpus = 1;
  std::vector<Nic> nics;  // G1: its children; G0: one "private" NIC from ip/mac attributes
  int line = 0;
};

// An OpenSSH public key line, split and checked.
struct SshKey {
  std::string type;     // "ssh-ed25519"
  std::string blob;     // base64 as given
  std::string comment;  // may be empty
  std::string line() const { return comment.empty() ? type + " " + blob : type + " " + blob + " " + comment; }
};

// The optional readiness element (DESIGN.md §Readiness); parsed now, used later.
struct ReportTarget {
  std::string url, cluster, node, key_base64;
};

// A host key pair the provisioner generated for this node (<hostkeys><key>):
// installed on a new instance instead of a freshly generated one, so every
// node can know every other node's key before any of them boots.
struct GivenHostKey {
  std::string type;         // ssh-keygen -t name: "ed25519", "rsa", "ecdsa"
  std::string private_key;  // the whole OpenSSH/PEM private key block, ending in "\n"
  SshKey public_key;        // from its public="…" attribute, checked against the private key
  int line = 0;
};

// One <known_hosts><host names="a,b,10.1.1.1" key="ssh-ed25519 …"/> entry.
struct KnownHost {
  std::vector<std::string> names;  // host names and addresses, in input order
  SshKey key;
  int line = 0;
};

struct Model {
  Role role = Role::Frontend;
  VcOutGeneration generation = VcOutGeneration::G1;
  std::string source;  // "vcout:/root/vc-out.xml"

  // Identity. On the frontend name/fqdn are its own; on a compute `name` is
  // its own short name and fe_* describe the frontend it belongs to.
  std::string name;     // own short name
  std::string fqdn;     // frontend: own public fqdn; compute: empty
  std::string fe_name;  // frontend short name (first label of fe_fqdn when not given)
  std::string fe_fqdn;  // may be empty on very old compute files
  std::optional<netconf::IpAddress> gateway;

  std::vector<Nic> nics;              // own NICs, in document order
  std::vector<ComputeNode> computes;  // frontend only
  std::vector<netconf::IpAddress> dns;
  std::vector<SshKey> ssh_keys;  // root's authorized keys
  std::optional<ReportTarget> report;
  std::vector<GivenHostKey> host_keys;      // empty: generate at first boot, as before
  std::vector<KnownHost> known_hosts;  // empty: /etc/ssh/ssh_known_hosts left alone

  std::vector<std::string> warnings;  // non-fatal findings, each naming element and line

  // --- cloud-init datasources (issue 5); a vc-out.xml leaves all of these at their defaults ---
  std::optional<std::string> instance_id;  // meta-data instance-id / meta_data.json uuid
  // The network as the source described it (network-config v1/v2, network_data.json);
  // when set, the planner renders it instead of converting `nics`.
  std::optional<netconf::NetworkState> network;
  bool manage_network = true;   // false: the source had no network config; leave the image's
  bool manage_etc_hosts = true;  // cloud-config manage_etc_hosts: false
  std::optional<std::string> static_hostname;  // prefer_fqdn_over_hostname on a plain seed
  std::optional<bool> ssh_deletekeys;          // false: keep the image's host keys
  std::optional<std::vector<std::string>> ssh_genkeytypes;  // host key types to (re)generate
};

}  // namespace vc
