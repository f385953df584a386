#pragma once
// Text that came from a request (a report's node name, a notify message, a URL
// path) made safe for one log or response line: anyone can send a request, so
// without this a newline in a node name forges a whole log line.
#include <cstddef>
#include <string>
#include <string_view>

namespace vc::host {

// Control characters, DEL and bytes >= 0x80 as C escapes (\n, \t, \x1b), cut to
// at most `max_bytes` of input with "..." appended when cut. A backslash stays as
// it is, so escaping twice changes nothing (a verdict's message, escaped when
// made, is escaped again by the log line that carries it).
std::string printable(std::string_view text, std::size_t max_bytes = 128);

}  // namespace vc::host
