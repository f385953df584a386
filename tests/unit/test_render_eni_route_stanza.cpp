// ENI: which stanza a v2 interface route rides on. ifupdown configures an
// interface's stanzas in order and runs each one's post-up right after it, so
// a route whose gateway only a static subnet makes on-link must come with
// that static stanza; `ip route add … via G` on the DHCP stanza before it
// would fail (and `|| true` would hide it).
#include <catch2/catch.hpp>

#include "netconf/inputs.h"
#include "netconf/render.h"

using namespace vc::netconf;

namespace {

std::string eni_of(const char* doc) {
  const auto files = render_eni(from_network_config(doc, "nc.yaml", nullptr, 2));
  REQUIRE(files.size() == 1);
  return files.front().content;
}

// The text of the stanza that starts with `header`, up to the next one.
std::string stanza(const std::string& eni, const std::string& header) {
  const auto at = eni.find(header + "\n");
  REQUIRE(at != std::string::npos);
  const auto next = eni.find("\niface ", at + 1);
  return eni.substr(at, next == std::string::npos ? std::string::npos : next - at);
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("ENI: a route via a gateway in a static subnet goes on that static stanza, not the DHCP one") {
  const std::string eni = eni_of(R"(version: 2
ethernets:
  eth0:
    dhcp4: true
    addresses: [192.168.21.3/24]
    routes:
      - {to: 10.0.0.0/8, via: 192.168.21.1, metric: 50}
      - {to: 172.16.0.0/12, via: 62.210.0.1}
)");
  const std::string dhcp = stanza(eni, "iface eth0 inet dhcp"), fixed = stanza(eni, "iface eth0 inet static");
  CHECK(has(fixed, "post-up ip route add 10.0.0.0/8 via 192.168.21.1 metric 50 || true"));
  CHECK_FALSE(has(dhcp, "10.0.0.0/8"));
  // A gateway no static subnet holds: DHCP must provide it, first stanza.
  CHECK(has(dhcp, "post-up ip route add 172.16.0.0/12 via 62.210.0.1 || true"));
  CHECK_FALSE(has(fixed, "172.16.0.0/12"));
}

TEST_CASE("ENI: a plain default route via a static subnet's gateway is that stanza's gateway") {
  const std::string eni = eni_of(R"(version: 2
ethernets:
  eth0:
    dhcp4: true
    addresses: [192.168.21.3/24]
    routes: [{to: 0.0.0.0/0, via: 192.168.21.1}]
)");
  CHECK(has(stanza(eni, "iface eth0 inet static"), "gateway 192.168.21.1"));
  CHECK_FALSE(has(eni, "route add default"));
}
