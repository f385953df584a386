// vc::notify_systemd must reach the socket systemd names in NOTIFY_SOCKET (Type=notify
// in units/vc-agent.service waits for READY=1) and be a harmless no-op without it.
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>

#include "agent/sd_notify.h"

namespace {

namespace fs = std::filesystem;

// A datagram socket bound where systemd would put its notify socket; closes on scope exit.
class NotifyListener {
 public:
  NotifyListener() {
    char tmpl[] = "/tmp/vc-notify-XXXXXX";
    REQUIRE(::mkdtemp(tmpl) != nullptr);
    dir_ = tmpl;
    path_ = dir_ / "notify";
    fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    REQUIRE(fd_ >= 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strncpy(addr.sun_path, path_.c_str(), sizeof(addr.sun_path) - 1);
    REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0);
    timeval tv{2, 0};
    REQUIRE(::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) == 0);
  }
  ~NotifyListener() {
    ::close(fd_);
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  NotifyListener(const NotifyListener&) = delete;
  NotifyListener& operator=(const NotifyListener&) = delete;

  const fs::path& path() const { return path_; }
  std::string receive() const {
    char buf[512];
    ssize_t n = ::recv(fd_, buf, sizeof(buf), 0);
    return n < 0 ? std::string("<nothing received>") : std::string(buf, static_cast<size_t>(n));
  }
  bool empty() const {
    char buf[16];
    return ::recv(fd_, buf, sizeof(buf), MSG_DONTWAIT) < 0;
  }

 private:
  fs::path dir_;
  fs::path path_;
  int fd_ = -1;
};

// Sets NOTIFY_SOCKET for one scope, restoring the previous value.
class ScopedNotifyEnv {
 public:
  explicit ScopedNotifyEnv(const char* value) {
    if (const char* old = std::getenv("NOTIFY_SOCKET")) old_ = old;
    if (value) ::setenv("NOTIFY_SOCKET", value, 1);
    else ::unsetenv("NOTIFY_SOCKET");
  }
  ~ScopedNotifyEnv() {
    if (old_.empty()) ::unsetenv("NOTIFY_SOCKET");
    else ::setenv("NOTIFY_SOCKET", old_.c_str(), 1);
  }
  ScopedNotifyEnv(const ScopedNotifyEnv&) = delete;
  ScopedNotifyEnv& operator=(const ScopedNotifyEnv&) = delete;

 private:
  std::string old_;
};

}  // namespace

TEST_CASE("notify_systemd sends each state to NOTIFY_SOCKET, in order") {
  NotifyListener listener;
  ScopedNotifyEnv env(listener.path().c_str());
  vc::notify_systemd("STATUS=writing 5 files");
  vc::notify_systemd("READY=1");
  CHECK(listener.receive() == "STATUS=writing 5 files");
  CHECK(listener.receive() == "READY=1");
  // The variable stays set so that later calls still reach systemd.
  REQUIRE(std::getenv("NOTIFY_SOCKET") != nullptr);
  CHECK(std::string(std::getenv("NOTIFY_SOCKET")) == listener.path().string());
}

TEST_CASE("notify_systemd is a no-op without NOTIFY_SOCKET") {
  NotifyListener listener;
  ScopedNotifyEnv env(nullptr);
  REQUIRE_NOTHROW(vc::notify_systemd("READY=1"));
  CHECK(listener.empty());
}

TEST_CASE("notify_systemd does not throw when the socket is gone") {
  ScopedNotifyEnv env("/nonexistent/vc-agent-test/notify");
  REQUIRE_NOTHROW(vc::notify_systemd("READY=1"));
}
