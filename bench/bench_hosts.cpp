// /etc/hosts + machinefile generation for N compute nodes, in process: the
// cluster table, the merge into an existing /etc/hosts, and the machinefile,
// exactly as `vc-agent apply` calls them for a frontend. Prints
// "<N> <median ms> <min ms> <bytes of hosts> <bytes of machinefile>".
//   bench_hosts N [REPS]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "agent/model.h"
#include "agent/plan.h"
#include "distro/identity.h"
#include "netconf/address.h"

namespace {

vc::Model frontend_with(int n) {
  vc::Model m;
  m.role = vc::Role::Frontend;
  m.name = m.fe_name = "vc7";
  m.fqdn = m.fe_fqdn = "vc7.example.org";
  vc::Nic priv;
  priv.network = "private";
  priv.ip = *vc::netconf::parse_ip("10.0.0.1");
  priv.prefix = 8;
  m.nics.push_back(priv);
  vc::Nic pub = priv;
  pub.network = "public";
  pub.ip = *vc::netconf::parse_ip("198.51.100.50");
  pub.prefix = 24;
  m.nics.push_back(pub);
  m.computes.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    vc::ComputeNode c;
    c.name = "compute-" + std::to_string(i);
    c.cpus = 2;
    vc::Nic nic = priv;
    const int host = i + 2;
    nic.ip = *vc::netconf::parse_ip("10." + std::to_string((host >> 16) & 255) + "." +
                                    std::to_string((host >> 8) & 255) + "." + std::to_string(host & 255));
    c.nics.push_back(nic);
    m.computes.push_back(std::move(c));
  }
  return m;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: bench_hosts N [REPS]\n");
    return 2;
  }
  const int n = std::atoi(argv[1]);
  const int reps = argc > 2 ? std::atoi(argv[2]) : 11;
  const vc::Model m = frontend_with(n);
  const std::string old_hosts = "127.0.0.1\tlocalhost localhost.localdomain\n::1\tlocalhost ip6-localhost\n";
  std::vector<double> ms;
  std::size_t hosts_bytes = 0, mf_bytes = 0;
  for (int r = 0; r < reps; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    const std::string hosts = vc::distro::merge_hosts(old_hosts, vc::distro::hosts_table(m));
    vc::Plan plan;
    vc::distro::plan_machinefile(m, plan);
    const auto t1 = std::chrono::steady_clock::now();
    ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    hosts_bytes = hosts.size();
    mf_bytes = plan.files.at(0).content.size();
  }
  std::sort(ms.begin(), ms.end());
  std::printf("%d %.3f %.3f %zu %zu\n", n, ms[ms.size() / 2], ms.front(), hosts_bytes, mf_bytes);
  return 0;
}
