#pragma once
// SHA-256 as lowercase hex (what `status` prints and the saved state records,
// so it can be compared with `sha256sum /root/vc-out.xml`).
#include <string>
#include <string_view>

namespace vc {

std::string sha256_hex(std::string_view bytes);

// libsodium's portable implementation, always; the tests compare the two.
std::string sha256_hex_portable(std::string_view bytes);

// True when sha256_hex runs on the CPU's SHA extensions (x86 SHA-NI).
bool sha256_uses_cpu_extensions();

}  // namespace vc
