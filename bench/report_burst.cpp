// report_burst: posts N signed readiness reports to `vc-host serve` from several
// keep-alive connections and prints reports/s. Every report is a distinct signed
// envelope (fresh nonce), so serve does the full check and one SQLite insert each.
//
//   report_burst --url http://127.0.0.1:8775/v1/report --db state.db --cluster vc7
//                --node compute-0 [--count 10000] [--connections 4]
#include <httplib.h>

#include <CLI/CLI.hpp>

#include <atomic>
#include <chrono>
#include <ctime>
#include <iostream>
#include <thread>

#include "agent/report.h"
#include "agent/report_sign.h"
#include "host/store.h"

int main(int argc, char** argv) {
  CLI::App app{"report_burst: signed-report throughput against vc-host serve"};
  std::string url, db, cluster, node, key_b64;
  int count = 10000, connections = 4;
  app.add_option("--url", url, "http://ADDR:PORT/v1/report")->required();
  app.add_option("--cluster", cluster)->required();
  app.add_option("--node", node)->required();
  app.add_option("--key", key_b64, "The node's report key (base64); default: read it from --db");
  app.add_option("--db", db, "vc-host state database to read the key from");
  app.add_option("--count", count)->check(CLI::Range(1, 10'000'000));
  app.add_option("--connections", connections)->check(CLI::Range(1, 64));
  CLI11_PARSE(app, argc, argv);

  if (key_b64.empty()) {
    if (db.empty()) {
      std::cerr << "report_burst: give --key or --db\n";
      return 2;
    }
    auto k = vc::host::Store(db).node_key(cluster, node);
    if (!k) {
      std::cerr << "report_burst: no node " << node << " in cluster " << cluster << "\n";
      return 2;
    }
    key_b64 = *k;
  }
  const auto key = vc::report::decode_key(key_b64);
  const auto scheme_end = url.find("://");
  const auto path_at = url.find('/', scheme_end == std::string::npos ? 0 : scheme_end + 3);
  if (!key || scheme_end == std::string::npos || path_at == std::string::npos) {
    std::cerr << "report_burst: bad --key or --url\n";
    return 2;
  }
  const std::string base = url.substr(0, path_at), path = url.substr(path_at);

  vc::ReportFacts f;
  f.cluster = cluster;
  f.node = node;
  f.role = "compute";
  f.hostname = node;
  f.agent_version = "burst";
  f.source = "bench";
  f.nics = {{"eth0", "52:54:00:aa:01:01", {"10.1.255.254/16"}}};
  f.host_keys = {{"ssh-ed25519", "AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl",
                  "SHA256:bench"}};
  f.timings_ms = {{"read", 1.0}, {"plan", 2.0}, {"apply", 3.0}};

  std::atomic<int> next{0}, stored{0}, rejected{0}, errors{0};
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::jthread> workers;
  for (int c = 0; c < connections; ++c) {
    workers.emplace_back([&] {
      httplib::Client cli(base);
      cli.set_keep_alive(true);
      cli.set_tcp_nodelay(true);  // headers and body are two writes: no Nagle wait between
      while (next.fetch_add(1) < count) {
        vc::ReportFacts mine = f;
        mine.time = static_cast<std::int64_t>(std::time(nullptr));
        const auto env = vc::report::sign(vc::report_body(mine).dump(), *key, mine.time);
        httplib::Headers h{{vc::report::kHeaderTimestamp, env.timestamp},
                           {vc::report::kHeaderNonce, env.nonce},
                           {vc::report::kHeaderSignature, env.signature}};
        auto res = cli.Post(path, h, env.body, "application/json");
        if (!res) ++errors;
        else if (res->status == 200) ++stored;
        else ++rejected;
      }
    });
  }
  workers.clear();  // joins
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "report_burst: " << count << " sent over " << connections << " connection(s): " << stored
            << " stored, " << rejected << " rejected, " << errors << " transport errors in " << secs << " s: "
            << static_cast<long long>(count / secs) << " reports/s\n";
  return stored == count ? 0 : 1;
}
