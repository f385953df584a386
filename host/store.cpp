#include "host/store.h"

#include <sqlite3.h>

namespace vc::host {
namespace {

constexpr const char* kSchema = R"(
CREATE TABLE IF NOT EXISTS clusters (
  name TEXT PRIMARY KEY, report_url TEXT NOT NULL, created INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS nodes (
  cluster TEXT NOT NULL REFERENCES clusters(name) ON DELETE CASCADE,
  name TEXT NOT NULL, role TEXT NOT NULL, key TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending', error TEXT NOT NULL DEFAULT '',
  hostname TEXT NOT NULL DEFAULT '', body TEXT NOT NULL DEFAULT '', updated INTEGER NOT NULL DEFAULT 0,
  names TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (cluster, name));
CREATE TABLE IF NOT EXISTS reports (
  id INTEGER PRIMARY KEY, cluster TEXT NOT NULL, node TEXT NOT NULL, received INTEGER NOT NULL,
  timestamp INTEGER NOT NULL, channel TEXT NOT NULL, peer TEXT NOT NULL, result TEXT NOT NULL, body TEXT NOT NULL,
  FOREIGN KEY (cluster, node) REFERENCES nodes(cluster, name) ON DELETE CASCADE);
CREATE TABLE IF NOT EXISTS host_keys (
  cluster TEXT NOT NULL, node TEXT NOT NULL, seq INTEGER NOT NULL, names TEXT NOT NULL, type TEXT NOT NULL,
  key TEXT NOT NULL, PRIMARY KEY (cluster, node, seq),
  FOREIGN KEY (cluster, node) REFERENCES nodes(cluster, name) ON DELETE CASCADE);
CREATE INDEX IF NOT EXISTS reports_by_node ON reports(cluster, node);
CREATE TABLE IF NOT EXISTS nonces (
  cluster TEXT NOT NULL, node TEXT NOT NULL, nonce TEXT NOT NULL, timestamp INTEGER NOT NULL,
  PRIMARY KEY (cluster, node, nonce),
  FOREIGN KEY (cluster, node) REFERENCES nodes(cluster, name) ON DELETE CASCADE);
)";

// A prepared statement bound positionally; finalized on scope exit.
class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql, -1, &st_, nullptr) != SQLITE_OK)
      throw StoreError(std::string("sqlite prepare: ") + sqlite3_errmsg(db));
  }
  ~Stmt() { sqlite3_finalize(st_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  Stmt& bind(int i, const std::string& v) {
    sqlite3_bind_text(st_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& bind(int i, std::int64_t v) {
    sqlite3_bind_int64(st_, i, v);
    return *this;
  }
  // Binds the arguments to ?1, ?2, … in order.
  template <class... A>
  Stmt& args(const A&... a) {
    int i = 0;
    (bind(++i, a), ...);
    return *this;
  }
  // true while there is a row; throws on error. `constraint` reports a UNIQUE clash.
  bool step(bool* constraint = nullptr) {
    const int rc = sqlite3_step(st_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    if (constraint && (rc & 0xff) == SQLITE_CONSTRAINT) {
      *constraint = true;
      return false;
    }
    throw StoreError(std::string("sqlite: ") + sqlite3_errmsg(db_));
  }
  std::string text(int col) const {
    const auto* p = sqlite3_column_text(st_, col);
    return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(st_, col)))
             : std::string();
  }
  std::int64_t integer(int col) const { return sqlite3_column_int64(st_, col); }

 private:
  sqlite3* db_;
  sqlite3_stmt* st_ = nullptr;
};

// BEGIN IMMEDIATE … COMMIT, rolled back when an exception leaves the scope.
class Tx {
 public:
  explicit Tx(sqlite3* db) : db_(db) { run("BEGIN IMMEDIATE"); }
  ~Tx() {
    if (!done_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  Tx(const Tx&) = delete;
  Tx& operator=(const Tx&) = delete;
  void commit() {
    run("COMMIT");
    done_ = true;
  }

 private:
  void run(const char* sql) {
    char* msg = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &msg) != SQLITE_OK) {
      std::string m = msg ? msg : "?";
      sqlite3_free(msg);
      throw StoreError(std::string("sqlite ") + sql + ": " + m);
    }
  }
  sqlite3* db_;
  bool done_ = false;
};

}  // namespace

Store::Store(const std::string& path) {
  if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                      nullptr) != SQLITE_OK) {
    std::string m = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw StoreError("cannot open the state database " + path + ": " + m);
  }
  sqlite3_busy_timeout(db_, 10'000);
  // WAL + synchronous=NORMAL: a commit is an append without fsync (the WAL is synced
  // at checkpoints), which is what lets serve store thousands of reports a second; a
  // power cut can lose the last few, never corrupt the file.
  exec("PRAGMA journal_mode=WAL");
  exec("PRAGMA synchronous=NORMAL");
  exec("PRAGMA foreign_keys=ON");
  exec(kSchema);
  // A database from before nodes.names: add the column (its nodes keep their
  // names in host_keys, which known-hosts still reads).
  bool has_names = false;
  for (Stmt s(db_, "PRAGMA table_info(nodes)"); s.step();) has_names = has_names || s.text(1) == "names";
  if (!has_names) exec("ALTER TABLE nodes ADD COLUMN names TEXT NOT NULL DEFAULT ''");
}

Store::~Store() { sqlite3_close(db_); }

void Store::exec(const char* sql) {
  char* msg = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &msg) != SQLITE_OK) {
    std::string m = msg ? msg : "?";
    sqlite3_free(msg);
    throw StoreError("sqlite: " + m);
  }
}

void Store::put_cluster(const std::string& cluster, const std::string& report_url,
                        const std::vector<NodeRecord>& nodes) {
  Tx tx(db_);
  Stmt(db_, "DELETE FROM clusters WHERE name = ?").bind(1, cluster).step();
  Stmt(db_, "INSERT INTO clusters(name, report_url, created) VALUES (?, ?, strftime('%s','now'))")
      .args(cluster, report_url)
      .step();
  for (const auto& n : nodes) {
    Stmt(db_, "INSERT INTO nodes(cluster, name, role, key, names) VALUES (?, ?, ?, ?, ?)")
        .args(cluster, n.name, n.role, n.key_base64, n.names)
        .step();
    std::int64_t seq = 0;
    for (const auto& k : n.host_keys)
      Stmt(db_, "INSERT INTO host_keys(cluster, node, seq, names, type, key) VALUES (?, ?, ?, ?, ?, ?)")
          .args(cluster, n.name, seq++, k.names, k.type, k.key)
          .step();
  }
  tx.commit();
}

bool Store::has_cluster(const std::string& cluster) {
  Stmt s(db_, "SELECT 1 FROM clusters WHERE name = ?");
  return s.bind(1, cluster).step();
}

std::optional<std::string> Store::node_key(const std::string& cluster, const std::string& node) {
  Stmt s(db_, "SELECT key FROM nodes WHERE cluster = ? AND name = ?");
  if (!s.args(cluster, node).step()) return std::nullopt;
  return s.text(0);
}

bool Store::add_report(const AcceptedReport& r) {
  Tx tx(db_);
  bool replay = false;
  Stmt(db_, "INSERT INTO nonces(cluster, node, nonce, timestamp) VALUES (?, ?, ?, ?)")
      .args(r.cluster, r.node, r.nonce, r.timestamp)
      .step(&replay);
  if (replay) return false;  // the destructor rolls back
  Stmt(db_,
       "INSERT INTO reports(cluster, node, received, timestamp, channel, peer, result, body) "
       "VALUES (?, ?, strftime('%s','now'), ?, ?, ?, ?, ?)")
      .args(r.cluster, r.node, r.timestamp, r.channel, r.peer, r.result, r.body)
      .step();
  // The node's state follows its newest report by the agent's clock, not arrival order.
  Stmt(db_,
       "UPDATE nodes SET state = ?, error = ?, hostname = ?, body = ?, updated = ? "
       "WHERE cluster = ? AND name = ? AND updated <= ?")
      .args(r.result, r.error, r.hostname, r.body, r.timestamp, r.cluster, r.node, r.timestamp)
      .step();
  tx.commit();
  return true;
}

void Store::prune_nonces(std::int64_t before) {
  Stmt(db_, "DELETE FROM nonces WHERE timestamp < ?").bind(1, before).step();
}

std::vector<NodeState> Store::nodes(const std::string& cluster) {
  Stmt s(db_,
         "SELECT cluster, name, role, state, error, hostname, body, updated, names FROM nodes "
         "WHERE ?1 = '' OR cluster = ?1 ORDER BY cluster, role DESC, length(name), name");
  s.bind(1, cluster);
  std::vector<NodeState> out;
  while (s.step())
    out.push_back(
        {s.text(0), s.text(1), s.text(2), s.text(3), s.text(4), s.text(5), s.text(6), s.integer(7), s.text(8)});
  return out;
}

std::vector<RecordedHostKey> Store::host_keys(const std::string& cluster, const std::string& node) {
  Stmt s(db_, "SELECT names, type, key FROM host_keys WHERE cluster = ? AND node = ? ORDER BY seq");
  s.args(cluster, node);
  std::vector<RecordedHostKey> out;
  while (s.step()) out.push_back({s.text(0), s.text(1), s.text(2)});
  return out;
}

std::int64_t Store::report_count(const std::string& cluster) {
  Stmt s(db_, "SELECT count(*) FROM reports WHERE ?1 = '' OR cluster = ?1");
  s.bind(1, cluster).step();
  return s.integer(0);
}

}  // namespace vc::host
