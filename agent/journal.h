#pragma once
// The on-disk manifest of one transaction (backup/<txid>/manifest). Pure text
// in, text out; the transaction does the I/O.
//
//   vc-agent-manifest 2
//   txid 20261121T113000Z-3fa9c2
//   seq 7
//   <kind> TAB <existed 0|1> TAB <mode octal> TAB <uid> TAB <gid> TAB <size> TAB <hash hex> TAB <after> TAB <path>
//   ...
//   end
//
// <after> is what the transaction left at the path: "<size>:<hash hex>" of the
// bytes it wrote, or "-" for nothing (a removed file). Rollback compares it with
// the file's current bytes to tell a later edit (kept as a copy) from its own
// work. Version 1 manifests have no <after>: every file then counts as edited.
//
// Paths are escaped (\\ \t \n \r and other control bytes as \xHH) so no file
// name can break a line. A manifest without its "end" line was cut short and
// is rejected: recovery then knows the journal was never written after it.
#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vc {

struct ManifestEntry {
  enum class Kind {
    File,        // regular file target (existed: backed up; else: created by the tx)
    Symlink,     // existing symlink target, backed up as a link
    Dir,         // existing directory where a file was planned: never modified
    DirCreated,  // directory the tx created (removed on rollback if empty)
    DirMode,     // existing directory whose mode the tx changed (mode = old mode)
  };
  Kind kind = Kind::File;
  bool existed = false;
  unsigned mode = 0;
  uid_t uid = 0;
  gid_t gid = 0;
  std::uint64_t size = 0;  // of the backup: bytes or link target
  std::uint64_t hash = 0;  // FNV-1a of the same
  // What the transaction left at `path` (File and Symlink entries; ignored for
  // directories). Unknown only in a version 1 manifest.
  enum class After { Unknown, Absent, File };
  After after = After::Absent;
  std::uint64_t after_size = 0;  // of the bytes written, when After::File
  std::uint64_t after_hash = 0;  // FNV-1a of the same
  std::string path;              // in-root, absolute
};

struct Manifest {
  std::string txid;
  std::uint64_t seq = 0;  // orders transactions even if the clock went backwards
  std::vector<ManifestEntry> entries;
};

std::string escape_path(std::string_view path);
std::optional<std::string> unescape_path(std::string_view escaped);

std::string format_manifest(const Manifest& m);
// nullopt for anything malformed or truncated.
std::optional<Manifest> parse_manifest(std::string_view text);

// "backup/<txid>/files/etc/hosts": the in-root path with ".", ".." and empty
// components dropped, so the backup tree mirrors the root.
std::string backup_relpath(std::string_view in_root_path);

}  // namespace vc
