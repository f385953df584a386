#pragma once
// Models, fixture roots and a scratch root shared by the identity tests
// (test_identity.cpp: hostname, resolver, SSH, machinefile; test_hosts.cpp).
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "distro/identity.h"
#include "test_support.h"

namespace idfix {

namespace fs = std::filesystem;
using namespace vc;
using namespace vc::distro;

inline RootView fixture(const char* name) { return RootView(std::string(VC_SOURCE_DIR) + "/tests/roots/" + name); }

inline netconf::IpAddress ip(const char* s) { return netconf::parse_ip(s).value(); }

inline Nic nic(const char* network, const char* addr) {
  Nic n;
  n.network = network;
  n.ip = ip(addr);
  n.prefix = 24;
  return n;
}

inline Model frontend() {
  Model m;
  m.role = Role::Frontend;
  m.name = "vc-fe";
  m.fqdn = "vc-fe.example.org";
  m.gateway = ip("198.51.100.1");
  m.nics = {nic("private", "10.1.1.1"), nic("public", "198.51.100.10"), nic("openflow", "192.168.50.1")};
  ComputeNode c0;
  c0.name = "compute-0";
  c0.cpus = 2;
  c0.nics = {nic("private", "10.1.255.254"), nic("openflow", "192.168.50.2")};
  ComputeNode c1;
  c1.name = "compute-1";
  c1.nics = {nic("private", "10.1.255.253")};
  m.computes = {c0, c1};
  m.dns = {ip("8.8.8.8"), ip("10.1.1.1")};
  return m;
}

inline Model compute() {
  Model m;
  m.role = Role::Compute;
  m.name = "compute-0";
  m.fe_name = "vc-fe";
  m.fe_fqdn = "vc-fe.example.org";
  m.gateway = ip("10.1.1.1");
  m.nics = {nic("private", "10.1.255.254")};
  m.dns = {ip("10.1.1.1")};
  return m;
}

inline const std::string kFeTable =
    "10.1.1.1\tvc-fe.local vc-fe\n"
    "198.51.100.10\tvc-fe.example.org\n"
    "192.168.50.1\tvc-fe.openflow\n"
    "10.1.255.254\tcompute-0.local compute-0\n"
    "192.168.50.2\tcompute-0.openflow\n"
    "10.1.255.253\tcompute-1.local compute-1\n";

inline const std::string kBlockBegin = "# BEGIN vc-agent managed block: edits inside are replaced on every run\n";
inline const std::string kBlockEnd = "# END vc-agent managed block\n";

// A scratch root (test_support.h's TempDir) with files written into it.
struct TempRoot {
  vctest::TempDir tmp;
  std::string dir = tmp.path.string();
  void write(const std::string& path, const std::string& content) { vctest::spit(dir + path, content); }
  RootView view() const { return RootView(dir); }
};

inline const FileChange* find(const Plan& p, const std::string& path) {
  for (const auto& f : p.files)
    if (f.path == path) return &f;
  return nullptr;
}

}  // namespace idfix
