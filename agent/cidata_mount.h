#pragma once
// A seed filesystem found by its label with libblkid (cidata/CIDATA for NoCloud,
// config-2/CONFIG-2 for ConfigDrive), mounted read-only, nosuid, nodev, noexec in a
// private (0700) temporary directory and unmounted again when the object goes.
#include <optional>
#include <string>
#include <vector>

namespace vc {

class CidataMount {
 public:
  // The first block device with one of `labels` and an iso9660 or vfat filesystem,
  // mounted; nullopt with `why` saying what was missing (no device, mount failed).
  static std::optional<CidataMount> find_and_mount(const std::vector<std::string>& labels, std::string& why);
  // Mounts `device` (iso9660 or vfat, as blkid reports it).
  static std::optional<CidataMount> mount_device(const std::string& device, std::string& why);

  CidataMount(CidataMount&& o) noexcept : dir_(std::move(o.dir_)), device_(std::move(o.device_)) { o.dir_.clear(); }
  CidataMount& operator=(CidataMount&&) = delete;
  CidataMount(const CidataMount&) = delete;
  CidataMount& operator=(const CidataMount&) = delete;
  ~CidataMount();

  const std::string& dir() const { return dir_; }
  const std::string& device() const { return device_; }

 private:
  CidataMount(std::string dir, std::string device) : dir_(std::move(dir)), device_(std::move(device)) {}
  std::string dir_, device_;
};

}  // namespace vc
