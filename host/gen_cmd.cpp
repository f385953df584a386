// vc-host gen: spec → per-node inputs on disk + the cluster's expected nodes and
// keys in the state database.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <ostream>
#include <sstream>

#include "agent/error.h"
#include "agent/report_sign.h"
#include "host/commands.h"
#include "host/gen.h"
#include "host/gen_verify.h"
#include "host/hostkeys.h"
#include "host/spawn.h"
#include "host/staged_files.h"
#include "host/store.h"

namespace vc::host {
namespace {

namespace stdfs = std::filesystem;

std::string read_text(const stdfs::path& p, const std::string& what) {
  std::ifstream f(p, std::ios::binary);
  if (!f) throw InputError(p.string(), 0, "", "cannot read the " + what);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

std::optional<std::string> find_in_path(const std::string& prog) {
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path ? path : "/usr/bin:/bin");
  for (std::string d; std::getline(dirs, d, ':');)
    if (!d.empty() && ::access((d + "/" + prog).c_str(), X_OK) == 0) return d + "/" + prog;
  return std::nullopt;
}

// xorriso -as mkisofs: the volume label `cidata` is what NoCloud looks for.
bool make_cidata_iso(const std::string& xorriso, const stdfs::path& seed, const stdfs::path& iso) {
  std::vector<std::string> argv{xorriso, "-as", "mkisofs", "-quiet", "-output", iso.string(), "-volid", "cidata",
                                "-joliet", "-rock"};
  for (const char* f : {"user-data", "meta-data", "network-config"}) argv.push_back((seed / f).string());
  return run_quiet(argv) == 0;
}

// The node's public keys and the names ssh knows it by, for the database.
std::vector<RecordedHostKey> recorded(const std::string& names, const std::vector<NodeHostKey>& keys) {
  std::vector<RecordedHostKey> out;
  for (const auto& k : keys) {
    const std::string line = key_without_comment(k.public_line);
    out.push_back({names, line.substr(0, line.find(' ')), line.substr(line.find(' ') + 1)});
  }
  return out;
}

}  // namespace

int run_gen(const GenOptions& o, std::ostream& out, std::ostream& err) {
  if (o.format != "vcout" && o.format != "nocloud") {
    err << "vc-host gen: --format must be vcout or nocloud\n";
    return 2;
  }
  // Everything is checked before anything is written: the spec, the database,
  // then every node's input as the agent will parse it.
  const stdfs::path spec_path(o.spec);
  SpecSource src{o.spec, read_text(spec_path, "spec")};
  std::string key_text;
  if (const auto rel = ssh_key_path(src); !rel.empty()) {
    const stdfs::path kp = stdfs::path(rel).is_absolute() ? stdfs::path(rel) : spec_path.parent_path() / rel;
    key_text = read_text(kp, "ssh_key file");
  }
  ClusterSpec c = parse_spec(src, key_text);
  Store store(o.db);
  // Regenerating gives every node new keys: the running ones' reports would be refused.
  if (store.has_cluster(c.cluster) && !o.replace) {
    err << "vc-host gen: cluster " << c.cluster << " already exists in " << o.db
        << "; pass --replace to regenerate it (every node's report key changes, and its recorded reports are "
           "dropped)\n";
    return 2;
  }
  if (c.report_url.empty()) err << "vc-host gen: warning: no report_url in the spec; nodes will not report\n";

  std::vector<std::string> comments{"root@" + c.fqdn};
  for (const auto& n : c.computes) comments.push_back("root@" + n.name + ".local");
  auto host_keys = generate_host_keys(c.host_key_types, comments);
  std::vector<NodeRecord> records;
  c.fe_key_base64 = report::new_key_base64();
  c.fe_host_keys = std::move(host_keys[0]);
  records.push_back({c.fe_name, "frontend", c.fe_key_base64, recorded(frontend_names(c), c.fe_host_keys),
                     frontend_names(c)});
  for (std::size_t i = 0; i < c.computes.size(); ++i) {
    auto& n = c.computes[i];
    n.key_base64 = report::new_key_base64();
    n.host_keys = std::move(host_keys[i + 1]);
    records.push_back({n.name, "compute", n.key_base64, recorded(compute_names(n), n.host_keys), compute_names(n)});
  }

  const bool nocloud = o.format == "nocloud";
  std::vector<RenderedNode> nodes;
  nodes.push_back({c.fe_name, render_frontend_vcout(c), nocloud ? render_frontend_nocloud(c) : SeedFiles{}});
  for (const auto& n : c.computes)
    nodes.push_back({n.name, render_compute_vcout(c, n), nocloud ? render_compute_nocloud(c, n) : SeedFiles{}});
  for (const auto& w : verify_with_agent(o.spec, nodes)) err << "vc-host gen: warning: " << w << "\n";

  // Staged, recorded, then renamed into place: a failure before the renames
  // leaves the output directory and the database as they were.
  const stdfs::path dir(o.out);
  // pragma_boot's names: the frontend's vc-out.xml, <name>.xml per compute.
  const auto vcout_path = [&](std::size_t i) { return dir / (i == 0 ? "vc-out.xml" : nodes[i].name + ".xml"); };
  StagedFiles files;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    if (!nocloud) files.stage(vcout_path(i), nodes[i].vcout);
    else
      for (const auto& [name, text] : nodes[i].seed) files.stage(dir / nodes[i].name / name, text);
  }
  store.put_cluster(c.cluster, c.report_url, records);
  files.commit();
  if (!nocloud) {
    for (std::size_t i = 0; i < nodes.size(); ++i)
      out << "vc-host: " << vcout_path(i).string() << ": " << (i == 0 ? "frontend " : "compute ") << nodes[i].name
          << "\n";
  } else {
    const auto xorriso = find_in_path("xorriso");
    for (const auto& n : nodes) {
      out << "vc-host: " << (dir / n.name).string() << "/: NoCloud seed for " << n.name;
      if (xorriso && make_cidata_iso(*xorriso, dir / n.name, dir / (n.name + "-cidata.iso")))
        out << ", " << (dir / (n.name + "-cidata.iso")).string();
      out << "\n";
    }
    if (!xorriso) out << "vc-host: xorriso not found; no cidata ISO written\n";
  }
  out << "vc-host: cluster " << c.cluster << ": " << records.size() << " node(s) expected, recorded in " << o.db
      << "\n";
  return 0;
}

}  // namespace vc::host
