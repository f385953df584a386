// vc-out.xml parser: every real generation parses to the right Model, and the
// documents that are not vc-out.xml are rejected for what they are.
// Rule-by-rule rejections are in test_vcout_parser_errors.cpp.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "agent/error.h"
#include "agent/vcout_parser.h"

using namespace vc;

namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string upstream(const std::string& name) { return std::string(VC_SHARED_DIR) + "/fixtures/upstream/" + name; }
std::string local(const std::string& name) { return std::string(VC_SOURCE_DIR) + "/tests/data/vcout/" + name; }

Model parse_file(const std::string& path, VcOutParseOptions opts = {}) {
  opts.file_name = path.substr(path.rfind('/') + 1);
  return parse_vcout(slurp(path), opts);
}

std::string nic_str(const Nic& n) {
  return n.network + " " + n.ip.str() + "/" + std::to_string(n.prefix) + " " + (n.mac.empty() ? "-" : n.mac) +
         " mtu " + std::to_string(n.mtu);
}

std::vector<std::string> nics(const std::vector<Nic>& v) {
  std::vector<std::string> out;
  for (const auto& n : v) out.push_back(nic_str(n));
  return out;
}

std::vector<std::string> computes(const Model& m) {
  std::vector<std::string> out;
  for (const auto& c : m.computes) {
    std::string s = c.name + " cpus " + std::to_string(c.cpus);
    for (const auto& n : c.nics) s += " [" + nic_str(n) + "]";
    out.push_back(s);
  }
  return out;
}

std::vector<std::string> dns(const Model& m) {
  std::vector<std::string> out;
  for (const auto& d : m.dns) out.push_back(d.str());
  return out;
}

bool has_warning(const Model& m, const std::string& part) {
  for (const auto& w : m.warnings)
    if (w.find(part) != std::string::npos) return true;
  return false;
}

std::string reject_message(const std::string& path) {
  try {
    parse_file(path);
  } catch (const InputError& e) {
    return e.message();
  }
  FAIL("expected an InputError for " << path);
  return {};
}

using V = std::vector<std::string>;

}  // namespace

TEST_CASE("upstream G0 frontend: dynip template", "[vcout][upstream]") {
  auto m = parse_file(upstream("dynip__src_rocks-dynip-frontend_vc-out.xml.template.xml"));
  CHECK(m.role == Role::Frontend);
  CHECK(m.generation == VcOutGeneration::G0);
  CHECK(m.name == "calit2-119-222");
  CHECK(m.fqdn == "calit2-119-222.ucsd.edu");
  CHECK(m.fe_name == "calit2-119-222");
  CHECK(m.fe_fqdn == "calit2-119-222.ucsd.edu");
  REQUIRE(m.gateway);
  CHECK(m.gateway->str() == "137.110.119.1");
  CHECK(nics(m.nics) == V{"public 137.110.119.222/24 - mtu 1500", "private 10.1.1.1/16 - mtu 1500"});
  CHECK(m.nics[0].line == 3);
  CHECK(computes(m) == V{"hosted-vm-0-1-0 cpus 2 [private 10.1.0.254/16 7a:77:6e:40:00:15 mtu 1500]",
                         "hosted-vm-0-0-0 cpus 2 [private 10.1.0.253/16 7a:77:6e:40:00:14 mtu 1500]"});
  CHECK(m.computes[0].line == 7);
  CHECK(dns(m) == V{"8.8.8.8"});
  REQUIRE(m.ssh_keys.size() == 1);
  CHECK(m.ssh_keys[0].type == "ssh-rsa");
  CHECK(m.ssh_keys[0].comment == "root@somehost.ucsd.edu");
  CHECK(m.ssh_keys[0].blob.starts_with("AAAAB3NzaC1yc2EAAAABIwAAAQEA6vUe5tX+"));
  CHECK(m.ssh_keys[0].blob.ends_with("BxjTDw=="));
  CHECK_FALSE(m.report);
  CHECK(m.warnings.empty());
  CHECK(m.source == "vcout:dynip__src_rocks-dynip-frontend_vc-out.xml.template.xml");
}

TEST_CASE("upstream G0 compute: dynip template has no <frontend>", "[vcout][upstream]") {
  auto m = parse_file(upstream("dynip__src_rocks-dynip-compute_vc-out.xml.template.xml"));
  CHECK(m.role == Role::Compute);
  CHECK(m.generation == VcOutGeneration::G0);
  CHECK(m.name == "compute-0");
  CHECK(m.fqdn.empty());
  CHECK(m.fe_fqdn.empty());
  CHECK(m.fe_name.empty());
  CHECK(m.gateway->str() == "10.1.1.1");
  CHECK(nics(m.nics) == V{"private 10.1.1.30/16 - mtu 1500"});
  CHECK(m.computes.empty());
  CHECK(dns(m) == V{"8.8.8.8"});
  CHECK(m.ssh_keys.size() == 1);
  REQUIRE(m.warnings.size() == 1);
  CHECK(m.warnings[0].starts_with("dynip__src_rocks-dynip-compute_vc-out.xml.template.xml:2: the frontend's name "
                                  "is not given"));
}

TEST_CASE("upstream first template (35e00d4): network address and no key are warnings", "[vcout][upstream]") {
  auto m = parse_file(upstream("dynip__src_rocks-dynip_vc-out.xml.template__35e00d4.xml"));
  CHECK(m.role == Role::Frontend);
  CHECK(m.name == "calit2-119-222");
  CHECK(nics(m.nics) == V{"public 137.110.119.222/24 - mtu 1500", "private 10.1.0.0/16 - mtu 1500"});
  CHECK(m.computes.size() == 2);
  CHECK(m.ssh_keys.empty());
  CHECK(dns(m) == V{"8.8.8.8"});
  CHECK(has_warning(m, "dynip__src_rocks-dynip_vc-out.xml.template__35e00d4.xml:4: <frontend>/<private>: 10.1.0.0 "
                       "is the network address of 10.1.0.0/16"));
  CHECK(has_warning(m, "35e00d4.xml:1: no <key>"));
}

TEST_CASE("upstream README compute with <frontend><public fqdn> (5851be5)", "[vcout][upstream]") {
  auto m = parse_file(upstream("pragma_boot__README.rst__vc-out-compute-fe__5851be5.xml"));
  CHECK(m.role == Role::Compute);
  CHECK(m.generation == VcOutGeneration::G0);
  CHECK(m.name == "compute-0");
  CHECK(m.fqdn.empty());
  CHECK(m.fe_fqdn == "somehost.ucsd.edu");
  CHECK(m.fe_name == "somehost");
  CHECK(m.gateway->str() == "10.1.1.1");
  CHECK(nics(m.nics) == V{"private 10.1.1.30/16 - mtu 1500"});
  CHECK(dns(m) == V{"8.8.8.8"});
  CHECK(m.ssh_keys.size() == 1);
  CHECK(m.warnings.empty());
}

TEST_CASE("upstream first compute (fdf177e): no frontend, no key", "[vcout][upstream]") {
  auto m = parse_file(upstream("pragma_boot__README.rst__vc-out-compute__fdf177e.xml"));
  CHECK(m.role == Role::Compute);
  CHECK(m.name == "compute-0");
  CHECK(m.fe_fqdn.empty());
  CHECK(nics(m.nics) == V{"private 10.1.1.30/16 - mtu 1500"});
  CHECK(m.ssh_keys.empty());
  CHECK(dns(m) == V{"8.8.8.8"});
  CHECK(m.warnings.size() == 2);
}

TEST_CASE("upstream first frontend (f16a703): no cpus, mac or key", "[vcout][upstream]") {
  auto m = parse_file(upstream("pragma_boot__README.rst__vc-out-frontend__f16a703.xml"));
  CHECK(m.role == Role::Frontend);
  CHECK(m.generation == VcOutGeneration::G0);
  CHECK(m.name == "calit2-119-222");
  CHECK(m.fqdn == "calit2-119-222.ucsd.edu");
  CHECK(nics(m.nics) == V{"public 137.110.119.222/24 - mtu 1500", "private 10.1.0.0/16 - mtu 1500"});
  CHECK(computes(m) == V{"hosted-vm-0-1-0 cpus 1 [private 10.1.0.254/16 7a:77:6e:40:00:15 mtu 1500]",
                         "hosted-vm-0-0-0 cpus 1 [private 10.1.0.253/16 7a:77:6e:40:00:14 mtu 1500]"});
  CHECK(m.ssh_keys.empty());
  CHECK(has_warning(m, "network address"));
}

TEST_CASE("upstream debug-mode mockup: mixed quoting, no key", "[vcout][upstream]") {
  auto m = parse_file(upstream("pragma_boot__bin_pragma_boot__mockup_vc_out_xml__f7db30b.xml"));
  CHECK(m.role == Role::Frontend);
  CHECK(m.name == "somehost");
  CHECK(m.fqdn == "somehost.ucsd.edu");
  CHECK(m.gateway->str() == "127.111.111.1");
  CHECK(nics(m.nics) == V{"public 127.111.111.222/24 7a:77:6e:40:00:16 mtu 1500",
                          "private 10.1.1.1/16 7a:77:6e:40:00:15 mtu 1500"});
  CHECK(computes(m) == V{"hosted-vm-0-1-0 cpus 2 [private 10.1.1.254/16 7a:77:6e:40:00:18 mtu 1500]",
                         "hosted-vm-0-0-0 cpus 2 [private 10.1.1.253/16 7a:77:6e:40:00:17 mtu 1500]"});
  CHECK(dns(m) == V{"8.8.8.8"});
  CHECK(m.ssh_keys.empty());
}

TEST_CASE("upstream canonical README-old compute", "[vcout][upstream]") {
  auto m = parse_file(upstream("pragma_boot__doc_README-old.rst__vc-out-compute.xml"));
  CHECK(m.role == Role::Compute);
  CHECK(m.name == "hosted-vm-0-1-0");
  CHECK(m.fe_fqdn == "somehost.ucsd.edu");
  CHECK(m.fe_name == "somehost");
  CHECK(m.gateway->str() == "10.1.1.1");
  CHECK(nics(m.nics) == V{"private 10.1.1.30/16 7a:77:6e:40:00:15 mtu 1500"});
  CHECK(dns(m) == V{"8.8.8.8"});
  REQUIRE(m.ssh_keys.size() == 1);
  CHECK(m.ssh_keys[0].type == "ssh-rsa");
  CHECK(m.warnings.empty());
}

TEST_CASE("upstream canonical README-old frontend", "[vcout][upstream]") {
  auto m = parse_file(upstream("pragma_boot__doc_README-old.rst__vc-out-frontend.xml"));
  CHECK(m.role == Role::Frontend);
  CHECK(m.generation == VcOutGeneration::G0);
  CHECK(m.name == "somehost");
  CHECK(m.fqdn == "somehost.ucsd.edu");
  CHECK(m.gateway->str() == "123.123.123.1");
  CHECK(nics(m.nics) == V{"public 123.123.123.123/24 7a:77:6e:40:00:10 mtu 1500",
                          "private 10.1.1.1/16 7a:77:6e:40:00:09 mtu 1500"});
  CHECK(computes(m) == V{"hosted-vm-0-1-0 cpus 2 [private 10.1.0.254/16 7a:77:6e:40:00:15 mtu 1500]",
                         "hosted-vm-0-0-0 cpus 2 [private 10.1.0.253/16 7a:77:6e:40:00:14 mtu 1500]"});
  CHECK(dns(m) == V{"8.8.8.8"});
  CHECK(m.ssh_keys.size() == 1);
  CHECK(m.warnings.empty());
}

TEST_CASE("vc-in documents are rejected as vc-in", "[vcout][upstream]") {
  const std::string kVcIn = "this is a vc-in.xml (the host-side input of pragma_boot), not a vc-out.xml";
  auto msg = reject_message(upstream("pragma_boot__doc_README-old.rst__vc-in.xml"));
  CHECK_THAT(msg, Catch::StartsWith("pragma_boot__doc_README-old.rst__vc-in.xml:7: <frontend>/<domain>: " + kVcIn));
  msg = reject_message(upstream("pragma_boot__tests_virt_v2v_README.rst__vc-in-draft__a65a046.xml"));
  CHECK_THAT(msg, Catch::Contains(":4: <frontend>/<devices>: " + kVcIn));
  msg = reject_message(upstream("pragma_boot__tests_virt_v2v_README.rst__vc-in-draft-distro__eb90004.xml"));
  CHECK_THAT(msg, Catch::Contains(":5: <frontend>/<devices>: " + kVcIn));
}

TEST_CASE("the 2013 vc-out drafts are rejected as drafts", "[vcout][upstream]") {
  auto msg = reject_message(upstream("pragma_boot__tests_virt_v2v_README.rst__vc-out-draft__a65a046.xml"));
  CHECK_THAT(msg, Catch::Contains(":4: <compute>/<node name=\"hosted-vm-0-0-0\">: this is a 2013 draft vc-out "
                                  "format that no tool ever implemented: <node private_ip=…>"));
  msg = reject_message(upstream("pragma_boot__tests_virt_v2v_README.rst__vc-out-draft2__eb90004.xml"));
  CHECK_THAT(msg, Catch::Contains(":3: <frontend>: this is a 2013 draft vc-out format that no tool ever "
                                  "implemented: <frontend ip=…>"));
  // The draft's other marker on its own.
  try {
    parse_vcout("<vc>\n<frontend fqdn='a.b' gw='1.1.1.1'><public ip='1.1.1.2' netmask='24'/></frontend>\n"
                "<network>\n  <gw ip='1.1.1.1'/>\n</network></vc>");
    FAIL("expected a rejection");
  } catch (const InputError& e) {
    CHECK(e.line() == 4);
    CHECK(e.where() == "<network>/<gw>");
    CHECK_THAT(e.message(), Catch::Contains("2013 draft vc-out format that no tool ever implemented: <network><gw"));
  }
}

TEST_CASE("G1 frontend (pragma.md §A.3)", "[vcout][g1]") {
  auto m = parse_file(local("good/g1-frontend.xml"));
  CHECK(m.role == Role::Frontend);
  CHECK(m.generation == VcOutGeneration::G1);
  CHECK(m.name == "vc1");
  CHECK(m.fqdn == "vc1.example.org");
  CHECK(m.fe_name == "vc1");
  CHECK(m.fe_fqdn == "vc1.example.org");
  CHECK(m.gateway->str() == "198.202.88.1");
  CHECK(nics(m.nics) == V{"private 10.1.1.1/16 7a:77:6e:40:00:10 mtu 1500",
                          "public 198.202.88.50/24 7a:77:6e:40:00:11 mtu 1500"});
  CHECK(computes(m) == V{"compute-0 cpus 2 [private 10.1.255.254/16 7a:77:6e:40:00:12 mtu 1500]",
                         "compute-1 cpus 2 [private 10.1.255.253/16 7a:77:6e:40:00:13 mtu 1500]"});
  CHECK(m.computes[1].line == 11);
  CHECK(m.computes[1].nics[0].line == 12);
  CHECK(dns(m) == V{"8.8.8.8"});
  REQUIRE(m.ssh_keys.size() == 1);
  CHECK(m.ssh_keys[0].type == "ssh-ed25519");
  CHECK(m.ssh_keys[0].comment == "root@host");
  CHECK(m.ssh_keys[0].line() ==
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ9gPGoW1nDWF6hctMOf9gUbrdPWaW8oaIs/85PA4RfI root@host");
  CHECK(m.warnings.empty());
}

TEST_CASE("G1 compute (pragma.md §A.3)", "[vcout][g1]") {
  auto m = parse_file(local("good/g1-compute.xml"));
  CHECK(m.role == Role::Compute);
  CHECK(m.generation == VcOutGeneration::G1);
  CHECK(m.name == "compute-0");
  CHECK(m.fqdn.empty());
  CHECK(m.fe_fqdn == "vc1.example.org");
  CHECK(m.fe_name == "vc1");
  CHECK(m.gateway->str() == "10.1.1.1");
  CHECK(nics(m.nics) == V{"private 10.1.255.254/16 7a:77:6e:40:00:12 mtu 1500"});
  CHECK(m.computes.empty());
  CHECK(m.ssh_keys.size() == 1);
  CHECK(m.warnings.empty());
}

TEST_CASE("G1 with an extra <openflow> network, multi-line key, DNS lists and <report>", "[vcout][g1]") {
  auto m = parse_file(local("good/g1-frontend-openflow.xml"));
  CHECK(m.role == Role::Frontend);
  CHECK(nics(m.nics) == V{"private 10.1.1.1/16 7a:77:6e:40:00:10 mtu 1500",
                          "public 198.202.88.50/24 7a:77:6e:40:00:11 mtu 1500",
                          "openflow 10.102.0.10/24 7a:77:6e:40:00:20 mtu 9000"});
  CHECK(computes(m) ==
        V{"compute-0 cpus 4 [private 10.1.255.254/16 7a:77:6e:40:00:12 mtu 1500] [openflow 10.102.0.11/24 "
          "7a:77:6e:40:00:21 mtu 9000]",
          "compute-1 cpus 4 [private 10.1.255.253/16 7a:77:6e:40:00:13 mtu 1500] [openflow 10.102.0.12/24 "
          "7a:77:6e:40:00:22 mtu 9000]"});
  // Comma lists across several <dns> elements, duplicates dropped, order kept.
  CHECK(dns(m) == V{"8.8.8.8", "8.8.4.4", "1.1.1.1"});
  REQUIRE(m.ssh_keys.size() == 2);
  CHECK(m.ssh_keys[0].type == "ssh-ed25519");
  CHECK(m.ssh_keys[1].type == "ecdsa-sha2-nistp256");
  CHECK(m.ssh_keys[1].comment == "admin@example.org");
  REQUIRE(m.report);
  CHECK(m.report->url == "http://198.51.100.1:8443/report");
  CHECK(m.report->cluster == "vc1");
  CHECK(m.report->node == "vc1");
  CHECK(m.report->key_base64 == "c2VjcmV0LWtleS1mb3ItdmMx");
  CHECK(m.warnings.empty());

  auto cn = parse_file(local("good/g1-compute-openflow.xml"));
  CHECK(cn.role == Role::Compute);
  CHECK(cn.name == "compute-1");
  // MACs are matched case-insensitively: stored lower-case whatever the spelling.
  CHECK(nics(cn.nics) == V{"private 10.1.255.253/16 7a:77:6e:40:00:13 mtu 1500",
                           "openflow 10.102.0.12/24 7a:77:6e:40:00:22 mtu 9000"});
}

TEST_CASE("G0+ frontend: name from <public name>", "[vcout][g0plus]") {
  auto m = parse_file(local("good/g0plus-frontend.xml"));
  CHECK(m.role == Role::Frontend);
  CHECK(m.generation == VcOutGeneration::G0Plus);
  CHECK(m.name == "vc3");
  CHECK(m.fqdn == "vc3.example.org");
  CHECK(m.gateway->str() == "198.202.88.1");
  CHECK(nics(m.nics) == V{"public 198.202.88.60/24 7a:77:6e:40:00:30 mtu 1500",
                          "private 10.1.1.1/16 7a:77:6e:40:00:31 mtu 1500"});
  CHECK(computes(m) == V{"compute-0 cpus 8 [private 10.1.255.254/16 7a:77:6e:40:00:32 mtu 1500]"});
  CHECK(m.ssh_keys.size() == 1);
}

TEST_CASE("OpenNebula frontend and compute", "[vcout][one]") {
  auto fe = parse_file(local("good/one-frontend.xml"));
  CHECK(fe.role == Role::Frontend);
  CHECK(fe.generation == VcOutGeneration::OpenNebula);
  CHECK(fe.name == "vc2");
  CHECK(fe.fqdn == "vc2.example.org");
  CHECK(fe.gateway->str() == "192.168.50.1");
  CHECK(nics(fe.nics) == V{"public 192.168.50.10/24 02:00:c0:a8:32:0a mtu 1500",
                           "private 10.1.1.1/16 02:00:0a:01:01:01 mtu 1500"});
  CHECK(computes(fe) == V{"compute-0 cpus 1 [private 10.1.1.2/16 02:00:0a:01:01:02 mtu 1500]",
                          "compute-1 cpus 1 [private 10.1.1.3/16 02:00:0a:01:01:03 mtu 1500]"});
  CHECK(fe.warnings.empty());

  // The ONE compute file lists <node>s next to its own <private>, and its
  // <frontend><public> has ip='': it is a compute all the same.
  auto cn = parse_file(local("good/one-compute.xml"));
  CHECK(cn.role == Role::Compute);
  CHECK(cn.generation == VcOutGeneration::OpenNebula);
  CHECK(cn.name == "compute-1");
  CHECK(cn.fe_fqdn == "vc2.example.org");
  CHECK(cn.fe_name == "vc2");
  CHECK(cn.gateway->str() == "10.1.1.1");
  CHECK(nics(cn.nics) == V{"private 10.1.1.3/16 02:00:0a:01:01:03 mtu 1500"});
  CHECK(cn.computes.empty());
  CHECK(cn.ssh_keys.size() == 1);
  CHECK(cn.warnings.empty());
}

TEST_CASE("role override wins over the document's shape", "[vcout][role]") {
  const std::string both =
      "<vc>\n"
      "  <frontend fqdn='vc1.example.org' gw='198.202.88.1'>\n"
      "    <public ip='198.202.88.50' netmask='255.255.255.0'/>\n"
      "  </frontend>\n"
      "  <compute name='compute-0' gw='10.1.1.1'>\n"
      "    <private ip='10.1.255.254' netmask='255.255.0.0'/>\n"
      "  </compute>\n"
      "</vc>\n";
  auto autodetect = parse_vcout(both);
  CHECK(autodetect.role == Role::Compute);
  CHECK(autodetect.name == "compute-0");

  VcOutParseOptions opts;
  opts.role_override = Role::Frontend;
  auto fe = parse_vcout(both, opts);
  CHECK(fe.role == Role::Frontend);
  CHECK(fe.name == "vc1");
  CHECK(fe.computes.empty());
  CHECK(nics(fe.nics) == V{"public 198.202.88.50/24 - mtu 1500"});
  REQUIRE_FALSE(fe.warnings.empty());
  CHECK_THAT(fe.warnings[0], Catch::StartsWith("vc-out.xml:6: <compute>/<private> is not a <node>"));

  opts.role_override = Role::Compute;
  auto cn = parse_file(local("good/one-compute.xml"), opts);
  CHECK(cn.role == Role::Compute);
  try {
    parse_file(local("good/g1-frontend.xml"), opts);
    FAIL("a frontend file cannot describe a compute");
  } catch (const InputError& e) {
    CHECK(e.line() == 7);
    CHECK_THAT(e.message(), Catch::Contains("the compute has no NICs"));
  }
}

TEST_CASE("a compute's private@fqdn with dots is cut to its first label, with a warning", "[vcout]") {
  auto m = parse_vcout("<vc>\n<compute>\n<private fqdn='compute-7.local' ip='10.1.1.30' netmask='16' gw='10.1.1.1'/>\n"
                       "</compute>\n<network><dns ip='10.1.1.1'/></network></vc>");
  CHECK(m.name == "compute-7");
  CHECK(has_warning(m, "vc-out.xml:3: <compute>/<private> attribute fqdn: 'compute-7.local' should be a short name"));
}

TEST_CASE("XML declaration, comments, BOM and unknown elements/attributes are accepted", "[vcout]") {
  auto m = parse_vcout(
      "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- written by hand -->\n"
      "<vc version='9' extra='x'>\n<driver>rocks6_client</driver>\n"
      "<frontend fqdn='vc1.example.org' gw='fd00::1' name='vc1' colour='blue'>\n"
      "  <!-- the <public> NIC -->\n"
      "  <public ip='fd00::10' netmask='64' iface='eth1' subnet='fd00::' weird='1'/>\n"
      "</frontend>\n<extra><stuff/></extra>\n<network><dns ip='fd00::53' search='local' domain=''/></network>\n"
      "</vc>\n");
  CHECK(m.name == "vc1");
  CHECK(nics(m.nics) == V{"public fd00::10/64 - mtu 1500"});
  CHECK(m.gateway->str() == "fd00::1");
  CHECK(dns(m) == V{"fd00::53"});
}

TEST_CASE("a frontend with 100 000 computes parses", "[vcout][scale]") {
  std::string doc;
  doc.reserve(20u << 20);
  doc += "<?xml version=\"1.0\" ?>\n<vc>\n  <frontend fqdn=\"vc1.example.org\" gw=\"198.202.88.1\" name=\"vc1\">\n"
         "    <private ip=\"10.0.0.1\" mac=\"7a:77:6e:ff:ff:ff\" mtu=\"1500\" netmask=\"255.240.0.0\"/>\n"
         "    <public ip=\"198.202.88.50\" mac=\"7a:77:6e:ff:ff:fe\" netmask=\"255.255.255.0\"/>\n"
         "  </frontend>\n  <compute count=\"100000\">\n";
  char buf[512];
  for (int i = 0; i < 100000; ++i) {
    std::snprintf(buf, sizeof buf,
                  "    <node cpus=\"2\" gw=\"10.0.0.1\" name=\"compute-%d\">\n"
                  "      <private ip=\"10.%d.%d.%d\" mac=\"7a:77:6e:%02x:%02x:%02x\" mtu=\"1500\" "
                  "netmask=\"255.240.0.0\" subnet=\"10.0.0.0\"/>\n    </node>\n",
                  i, 1 + (i >> 16), (i >> 8) & 255, i & 255, (i >> 16) & 255, (i >> 8) & 255, i & 255);
    doc += buf;
  }
  doc += "  </compute>\n  <network>\n    <dns domain=\"\" ip=\"8.8.8.8\" search=\"local\"/>\n  </network>\n</vc>\n";
  auto m = parse_vcout(doc);
  CHECK(m.computes.size() == 100000);
  CHECK(m.computes.back().name == "compute-99999");
}
