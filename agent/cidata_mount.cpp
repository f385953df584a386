#include "agent/cidata_mount.h"

#include <blkid/blkid.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>

namespace vc {
namespace {

struct CacheDeleter {
  void operator()(blkid_cache c) const { blkid_put_cache(c); }
};
using Cache = std::unique_ptr<std::remove_pointer_t<blkid_cache>, CacheDeleter>;

struct FreeDeleter {
  void operator()(char* p) const { std::free(p); }
};
using CString = std::unique_ptr<char, FreeDeleter>;

}  // namespace

std::optional<CidataMount> CidataMount::find_and_mount(const std::vector<std::string>& labels, std::string& why) {
  blkid_cache raw = nullptr;
  // No on-disk cache file: a stale /run/blkid cache could name a device that is gone.
  if (blkid_get_cache(&raw, "/dev/null") != 0) {
    why = "libblkid could not start";
    return std::nullopt;
  }
  Cache cache(raw);
  blkid_probe_all(cache.get());
  for (const auto& label : labels) {
    CString dev(blkid_get_devname(cache.get(), "LABEL", label.c_str()));
    if (dev) return mount_device(dev.get(), why);
  }
  why = "no filesystem labelled";
  for (const auto& l : labels) why += " " + l;
  return std::nullopt;
}

std::optional<CidataMount> CidataMount::mount_device(const std::string& device, std::string& why) {
  CString type(blkid_get_tag_value(nullptr, "TYPE", device.c_str()));
  const std::string fstype = type ? type.get() : "";
  if (fstype != "iso9660" && fstype != "vfat") {
    why = device + " has a " + (fstype.empty() ? "unknown" : fstype) + " filesystem; a seed must be iso9660 or vfat";
    return std::nullopt;
  }
  const char* tmp = std::getenv("TMPDIR");
  std::string tmpl = std::string(tmp && *tmp ? tmp : "/tmp") + "/vc-agent-seed-XXXXXX";
  if (!::mkdtemp(tmpl.data())) {  // mode 0700: nobody else walks into the mounted seed
    why = "mkdtemp " + tmpl + ": " + std::strerror(errno);
    return std::nullopt;
  }
  if (::mount(device.c_str(), tmpl.c_str(), fstype.c_str(), MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr) != 0) {
    why = "mount " + device + " (" + fstype + ", read-only): " + std::strerror(errno);
    ::rmdir(tmpl.c_str());
    return std::nullopt;
  }
  return CidataMount(tmpl, device);
}

CidataMount::~CidataMount() {
  if (dir_.empty()) return;
  // Lazy: a file still open somewhere must not keep the seed mounted in /tmp.
  ::umount2(dir_.c_str(), MNT_DETACH);
  ::rmdir(dir_.c_str());
}

}  // namespace vc
