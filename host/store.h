#pragma once
// vc-host's state (SQLite, shared by gen, serve, wait, status and known-hosts):
// the clusters gen wrote, each node's report key, every accepted report, and the
// nonces seen, so a replayed report is refused even after a restart of serve.
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

struct sqlite3;

namespace vc::host {

class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A host public key gen made for a node, with the names ssh knows the node by.
struct RecordedHostKey {
  std::string names;  // "compute-0,compute-0.local,10.1.255.254"
  std::string type;   // "ssh-ed25519"
  std::string key;    // base64
};

struct NodeRecord {
  std::string name, role, key_base64;
  std::vector<RecordedHostKey> host_keys{};  // empty: the node makes its own at first boot
  std::string names{};  // the names ssh knows the node by, as RecordedHostKey::names (with or without keys)
};

// A node's latest state, as status and known-hosts show it.
struct NodeState {
  std::string cluster, name, role;
  std::string state = "pending";  // pending | ready | failed
  std::string error, hostname;
  std::string body;               // the latest accepted report (JSON), empty if none
  std::int64_t updated = 0;       // unix seconds of that report
  std::string names{};            // NodeRecord::names; empty in a database from before it
};

struct AcceptedReport {
  std::string cluster, node, result, error, hostname, body, nonce, channel, peer;
  std::int64_t timestamp = 0;
};

class Store {
 public:
  // Opens (creating the file and schema when needed) with WAL and a busy timeout,
  // so a running `serve` and `wait`/`status` can share it.
  explicit Store(const std::string& path);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // Records a generated cluster, replacing an earlier one of the same name (its
  // nodes, reports and nonces go: new keys make them meaningless).
  void put_cluster(const std::string& cluster, const std::string& report_url, const std::vector<NodeRecord>& nodes);
  bool has_cluster(const std::string& cluster);
  std::optional<std::string> node_key(const std::string& cluster, const std::string& node);

  // Stores the report and its nonce in one transaction; false (nothing stored)
  // when this node already used the nonce.
  bool add_report(const AcceptedReport& r);
  // Drops nonces older than `before` (they fail the timestamp window anyway).
  void prune_nonces(std::int64_t before);

  std::vector<NodeState> nodes(const std::string& cluster);  // empty cluster = all
  // The host keys gen recorded for a node, in the order gen made them.
  std::vector<RecordedHostKey> host_keys(const std::string& cluster, const std::string& node);
  std::int64_t report_count(const std::string& cluster);

 private:
  void exec(const char* sql);
  sqlite3* db_ = nullptr;
};

}  // namespace vc::host
