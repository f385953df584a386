// The vc-out.xml source: <root>/root/vc-out.xml, or --input FILE.
#include <sys/stat.h>

#include "agent/error.h"
#include "agent/input_reader.h"
#include "agent/source.h"
#include "agent/vcout_parser.h"

namespace vc {

namespace {
constexpr const char* kDefaultInput = "/root/vc-out.xml";
}

std::optional<SourceHit> read_vcout_source(const SourceEnv& env, std::string& why) {
  const Options& o = env.options;
  const bool default_input = o.input.empty();
  const std::string input_path = default_input ? env.root.host_path(kDefaultInput) : o.input;
  auto bytes = read_input_file(input_path, kMaxVcOutBytes);
  if (!bytes) {
    if (!default_input) throw InputError(input_path, 0, "", "no such file");
    why = "no " + input_path;
    return std::nullopt;
  }
  VcOutParseOptions popts;
  popts.file_name = input_path;
  popts.role_override = o.role;
  SourceHit hit;
  hit.model = parse_vcout(*bytes, popts);
  hit.model.source = "vcout:" + input_path;
  hit.bytes = std::move(*bytes);
  // The default input is consumed (renamed to .old) once applied, as pragma's
  // tools did; it may carry private host keys, so its content is never shown.
  if (default_input) {
    struct stat st {};
    const unsigned mode = ::stat(input_path.c_str(), &st) == 0 ? (st.st_mode & 07777) : 0600;
    FileChange old;
    old.path = std::string(kDefaultInput) + ".old";
    old.content = hit.bytes;
    old.mode = mode;
    old.enforce_mode = true;
    old.secret = true;
    old.reason = "the applied input is kept as " + old.path + " (the next boot finds no new input)";
    FileChange gone;
    gone.op = FileChange::Op::Remove;
    gone.path = kDefaultInput;
    gone.secret = true;
    gone.reason = "consumed: renamed to " + old.path;
    hit.consume = {std::move(old), std::move(gone)};
  }
  why = input_path;
  return hit;
}

}  // namespace vc
