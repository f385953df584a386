#pragma once
// The cluster spec `vc-host gen` reads (YAML), resolved into every node's concrete
// identity: names, addresses, MACs and report keys, the way pragma_boot's allocate
// step fills them in (pragma.md §C.1): compute IPs count down from the top of the
// private subnet, the frontend's name is the first label of its fqdn.
#include <string>
#include <string_view>
#include <vector>

#include "netconf/address.h"

namespace vc::host {

struct NicSpec {
  std::string network;  // "private", "public"
  netconf::IpAddress ip;
  int prefix = 0;
  std::string mac;
  int mtu = 1500;
  std::string netmask() const { return netconf::prefix_to_netmask(prefix); }
  std::string subnet() const { return netconf::network_of(ip, prefix).str(); }
};

// One host key pair gen made for a node (filled by gen, empty in a bare spec).
struct NodeHostKey {
  std::string type;         // ssh-keygen -t: "ed25519", "ecdsa", "rsa"
  std::string private_key;  // OpenSSH private key block, ending in "\n"
  std::string public_line;  // "ssh-ed25519 AAAA… root@compute-0.local"
};

struct ComputeSpec {
  std::string name;  // compute-0
  int cpus = 1;
  NicSpec private_nic;
  std::string key_base64;  // filled by gen
  std::vector<NodeHostKey> host_keys;  // filled by gen
};

struct ClusterSpec {
  std::string cluster;
  std::string fqdn, fe_name;
  netconf::IpAddress fe_gw;  // public gateway
  NicSpec fe_public, fe_private;
  std::string fe_key_base64;  // filled by gen
  std::vector<NodeHostKey> fe_host_keys;  // filled by gen
  // Host key types gen makes per node (spec `host_keys:`); by default what
  // Debian's and EL's sshd create: ed25519, ecdsa, rsa. Empty: none (the
  // nodes make their own at first boot, and nobody knows them in advance).
  std::vector<std::string> host_key_types{"ed25519", "ecdsa", "rsa"};
  std::vector<ComputeSpec> computes;
  std::vector<netconf::IpAddress> dns;
  std::string ssh_key;  // the key line (file contents without trailing newlines)
  std::string report_url;
};

struct SpecSource {
  std::string file;  // for messages
  std::string text;
};

// The ssh_key value as written (relative to the spec file's directory, or
// absolute), so the caller can read that file first. Empty when absent.
std::string ssh_key_path(const SpecSource& src);

// Parses and resolves the spec; `ssh_key_text` is the key file's contents. Errors
// are InputError naming the file, the key path and its line. Keys are left empty.
ClusterSpec parse_spec(const SpecSource& src, const std::string& ssh_key_text);

}  // namespace vc::host
