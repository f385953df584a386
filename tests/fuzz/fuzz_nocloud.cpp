// NoCloud meta-data and #cloud-config user-data → SeedMeta, CloudConfig → Model.
// One input holds both: the text before a "#--user-data--" line is the meta-data,
// the rest the user-data; without that line the whole input is tried as each.
#include "agent/cloud_config.h"
#include "agent/seed_model.h"
#include "fuzz_common.h"

namespace {

void one(std::string_view meta, std::string_view user) {
  vc::SeedInput in;
  in.kind = "nocloud";
  in.where = "fuzz";
  in.config = vc::parse_cloud_config(user, "user-data");
  in.meta = vc::parse_nocloud_meta(meta, "meta-data");
  vc::Model m = vc::model_from_seed(std::move(in));
  for (const auto& w : m.warnings)
    if (w.empty()) {
      std::fprintf(stderr, "fuzz_nocloud: empty warning\n");
      std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = vcfuzz::as_text(data, size);
  constexpr std::string_view kSplit = "#--user-data--\n";
  const auto at = text.find(kSplit);
  if (at != std::string_view::npos) {
    return vcfuzz::expect_only_input_errors("fuzz_nocloud", [&] { one(text.substr(0, at), text.substr(at + kSplit.size())); });
  }
  vcfuzz::expect_only_input_errors("fuzz_nocloud", [&] { one("instance-id: i-1\n", text); });
  return vcfuzz::expect_only_input_errors("fuzz_nocloud", [&] { one(text, ""); });
}
