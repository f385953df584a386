// The datasource readers through the real binary: NoCloud seed directories (in the
// root, --input DIR, ds=nocloud;s= on the command line), ConfigDrive trees,
// --source, bad input (exit 2 with file and line) and what `status` records.
#include <catch2/catch.hpp>

#include "test_support.h"

using namespace vctest;

namespace {

const fs::path kData = source_dir() / "tests/data/sources";

struct Root {
  TempDir tmp;
  fs::path root = tmp.path / "root";
  explicit Root(const char* fixture = "debian12") { copy_tree(source_dir() / "tests/roots" / fixture, root); }
  RunResult agent(std::vector<std::string> args) const {
    args.insert(args.begin(), agent_bin());
    args.push_back("--root");
    args.push_back(root.string());
    return run(args);
  }
};

bool has(const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; }

}  // namespace

TEST_CASE("nocloud: a seed directory in the root is found and applied, and status says why") {
  Root r;
  copy_tree(kData / "plain-nocloud", r.root / "var/lib/cloud/seed/nocloud");
  auto plan = r.agent({"plan", "-v"});
  INFO(plan.out << plan.err);
  REQUIRE(plan.exit_code == 0);
  CHECK(has(plan.out, "(nocloud:/var/lib/cloud/seed/nocloud)"));
  CHECK(has(plan.err, "source vcout: absent (no "));
  CHECK(has(plan.err, "source nocloud: used (/var/lib/cloud/seed/nocloud)"));
  CHECK(has(plan.err, "source configdrive: not-tried (nocloud came first)"));
  CHECK(has(plan.err, "cloud-config keys vc-agent does not apply, ignored: packages (line 15), runcmd (line 16)"));
  CHECK(has(plan.out, "+node1.example.net\n"));  // prefer_fqdn_over_hostname: true
  CHECK(has(plan.out, "+192.0.2.10\tnode1.example.net"));
  CHECK(has(plan.out, "other@example"));  // users[root] keys
  CHECK(has(plan.out, "+iid-plain-01"));  // the meta-data instance-id is the lifecycle's

  auto apply = r.agent({"apply"});
  INFO(apply.err);
  REQUIRE(apply.exit_code == 0);
  CHECK(fs::exists(r.root / "var/lib/cloud/seed/nocloud/meta-data"));  // a seed is not consumed
  auto status = r.agent({"status"});
  CHECK(has(status.out, "source:       nocloud:/var/lib/cloud/seed/nocloud\n"));
  CHECK(has(status.out, "  vcout: absent (no "));
  CHECK(has(status.out, "  nocloud: used (/var/lib/cloud/seed/nocloud)\n"));
  CHECK(has(status.out, "  configdrive: not-tried (nocloud came first)\n"));
  // The same seed again: a reboot changes nothing.
  auto again = r.agent({"apply"});
  CHECK(has(again.out, "nothing to change"));
}

TEST_CASE("nocloud: --input DIR, --source, and a ds=nocloud line naming a directory") {
  Root r;
  auto dir = r.agent({"plan", "--input", (kData / "vchost-vc7-compute-0").string()});
  INFO(dir.err);
  REQUIRE(dir.exit_code == 0);
  CHECK(has(dir.out, "# vc-agent plan: compute compute-0 (nocloud:"));
  CHECK(has(dir.out, "+10.1.255.254\tcompute-0.local compute-0\n"));
  CHECK(has(dir.out, "+10.1.1.1\tvc7.example.org vc7.local vc7\n"));

  auto wrong = r.agent({"plan", "--source", "imds", "--input", (kData / "plain-nocloud").string()});
  CHECK(wrong.exit_code == 2);
  CHECK(has(wrong.err, "--source imds reads no directory"));
  auto cd_only = r.agent({"plan", "--source", "configdrive", "--input", (kData / "plain-nocloud").string()});
  CHECK(cd_only.exit_code == 2);

  // A seed in the root, but --source vcout: nothing to do.
  copy_tree(kData / "plain-nocloud", r.root / "var/lib/cloud/seed/nocloud-net");
  auto vcout = r.agent({"plan", "--source", "vcout"});
  CHECK(vcout.exit_code == 0);
  CHECK(has(vcout.out, "nothing to do"));
  fs::remove_all(r.root / "var/lib/cloud/seed/nocloud-net");

  copy_tree(kData / "plain-nocloud", r.root / "srv/seed");
  spit(r.root / "proc/cmdline", "BOOT_IMAGE=/vmlinuz ro ds=nocloud;s=file:///srv/seed/ quiet\n");
  auto cmdline = r.agent({"plan", "--source", "nocloud", "-v"});
  INFO(cmdline.err);
  REQUIRE(cmdline.exit_code == 0);
  CHECK(has(cmdline.err, "source nocloud: used (kernel command line ds=nocloud;s=/srv/seed/)"));
  fs::remove(r.root / "proc/cmdline");
  spit(r.root / "sys/class/dmi/id/product_serial", "ds=nocloud;s=/srv/seed/\n");
  auto serial = r.agent({"plan", "-v"});
  CHECK(has(serial.err, "source nocloud: used (SMBIOS serial ds=nocloud;s=/srv/seed/)"));
}

TEST_CASE("nocloud: malformed seeds stop the run with exit 2, file and line, nothing written") {
  Root r;
  const auto seed = r.root / "var/lib/cloud/seed/nocloud";
  copy_tree(kData / "plain-nocloud", seed);
  const auto before = snapshot(r.root);
  spit(seed / "user-data", "#cloud-config\nhostname: a\nssh_authorized_keys: [\n");
  auto bad_yaml = r.agent({"apply"});
  CHECK(bad_yaml.exit_code == 2);
  CHECK(has(bad_yaml.err, (seed / "user-data").string() + ":4: not valid YAML"));
  spit(seed / "user-data", "#cloud-config\n");
  spit(seed / "network-config", "version: 2\nethernets:\n  eth0:\n    addresses: [10.0.0.300/24]\n");
  auto bad_net = r.agent({"apply"});
  CHECK(bad_net.exit_code == 2);
  CHECK(has(bad_net.err, (seed / "network-config").string() + ":4:"));
  spit(seed / "meta-data", "local-hostname: x\n");
  auto no_id = r.agent({"apply"});
  CHECK(no_id.exit_code == 2);
  CHECK(has(no_id.err, "meta-data:1: instance-id: a value is required"));
  spit(seed / "meta-data", "instance-id: x\n");
  spit(seed / "network-config", "");  // empty: no network config (warned), not an error
  auto empty_net = r.agent({"plan"});
  CHECK(empty_net.exit_code == 0);
  CHECK(has(empty_net.err, "no network configuration"));
  spit(seed / "network-config", "network: {config: disabled}\n");
  auto disabled = r.agent({"plan"});
  CHECK(disabled.exit_code == 0);
  CHECK(has(disabled.err, "network-config: config: disabled: the network is left as the image has it"));
  CHECK_FALSE(has(disabled.out, "interfaces.d"));
  fs::remove_all(seed);
  CHECK(snapshot_without(snapshot(r.root), "/var/lib/cloud") == snapshot_without(before, "/var/lib/cloud"));
}

TEST_CASE("configdrive: an openstack/latest tree with network_data.json (conformance sample_0)") {
  Root r("el9");
  spit(r.root / "sys/class/net/eth0/address", "fa:16:3e:ed:9a:59\n");
  TempDir drive;
  copy_tree(kData / "configdrive", drive.path);
  fs::copy_file(shared_dir() / "conformance/cloud-init/openstack/sample_0/network_data.json",
                drive.path / "openstack/latest/network_data.json", fs::copy_options::overwrite_existing);
  auto plan = r.agent({"plan", "--input", drive.path.string()});
  INFO(plan.err);
  REQUIRE(plan.exit_code == 0);
  CHECK(has(plan.out, "# vc-agent plan: frontend vm-1.novalocal (configdrive:"));
  CHECK(has(plan.out, "172.19.1.34"));
  CHECK(has(plan.out, "+83679162-1378-4288-a2d4-70e13ec132aa"));
  CHECK(has(plan.err, "SSH key(s) not given to root"));  // no user_data: disable_root defaults to true

  // The same tree as cloud-init's seed directory inside the root, found by auto.
  copy_tree(drive.path, r.root / "var/lib/cloud/seed/config_drive");
  auto seeded = r.agent({"plan", "-v"});
  CHECK(has(seeded.err, "source configdrive: used (/var/lib/cloud/seed/config_drive)"));

  spit(drive.path / "openstack/latest/network_data.json", "{\n  \"links\": [\n    {\"id\": 1,}\n  ]\n}\n");
  auto bad = r.agent({"plan", "--input", drive.path.string()});
  CHECK(bad.exit_code == 2);
  CHECK(has(bad.err, "network_data.json:3: not valid JSON"));
}
