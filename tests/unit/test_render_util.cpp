// render_util: the pieces the renderers share (header, order, UUID, SHA-1).
#include <catch2/catch.hpp>

#include "netconf/render_util.h"

using namespace vc::netconf;

namespace {
const std::string kHead = "# Written by vc-agent from ";
const std::string kTail = "; edits are replaced on the next run\n";
}  // namespace

TEST_CASE("uuid5: RFC 4122 version 5, as Python's uuid.uuid5") {
  using render::uuid5;
  // Python: uuid.uuid5(uuid.NAMESPACE_DNS, "python.org")
  const std::array<std::uint8_t, 16> dns_ns = {0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1,
                                               0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8};
  CHECK(uuid5(dns_ns, "python.org") == "886313e1-3b8a-5372-9b90-0c9aee199e5d");
  CHECK(uuid5(dns_ns, "nm.vc-agent") == "90be8511-6721-50b9-97dc-2722cf9448de");  // our namespace
}

TEST_CASE("sha1 test vectors (FIPS 180-2 appendix A)") {
  const auto hex = [](const std::array<std::uint8_t, 20>& d) {
    std::string out;
    for (auto b : d) {
      out += "0123456789abcdef"[b >> 4];
      out += "0123456789abcdef"[b & 15];
    }
    return out;
  };
  CHECK(hex(render::sha1("abc")) == "a9993e364706816aba3e25717850c26c9cd0d89d");
  CHECK(hex(render::sha1("")) == "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  CHECK(hex(render::sha1("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")) ==
        "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
  CHECK(hex(render::sha1(std::string(1000000, 'a'))) == "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
}

TEST_CASE("header comment and name order helpers") {
  CHECK(render::header_comment("a\nb") == kHead + "a b" + kTail);
  CHECK(render::header_comment("") == kHead + "vc-agent input" + kTail);
  NetworkState s;
  for (const char* n : {"eth10", "eth2", "ens3", "eth0"}) {
    Interface i;
    i.name = n;
    s.interfaces.push_back(i);
  }
  std::vector<std::string> names;
  for (const auto* i : render::sorted_interfaces(s)) names.push_back(i->name);
  CHECK(names == std::vector<std::string>{"ens3", "eth0", "eth2", "eth10"});
  CHECK(render::dns_carrier(s)->name == "ens3");  // no gateway anywhere: first that may route
}
