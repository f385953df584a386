#pragma once
// Reads the input document with the size cap applied before any byte is read.
#include <cstddef>
#include <optional>
#include <string>

namespace vc {

// nullopt when the file does not exist; InputError when it is too large,
// not a regular file, or unreadable.
std::optional<std::string> read_input_file(const std::string& path, std::size_t max_bytes);

}  // namespace vc
