#include "agent/report_vsock.h"

#include <linux/vm_sockets.h>
#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <cstring>

#include "agent/fs_util.h"
#include "agent/root_view.h"

namespace vc::report {
namespace {

std::optional<unsigned> number(std::string_view s) {
  unsigned v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc{} || p != s.data() + s.size()) return std::nullopt;
  return v;
}

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace

std::optional<VsockTarget> parse_vmm_notify_socket(std::string_view value) {
  VsockTarget t;
  const auto colon = value.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  const auto scheme = value.substr(0, colon);
  if (scheme == "vsock" || scheme == "vsock-stream") t.type = SOCK_STREAM;
  else if (scheme == "vsock-seqpacket") t.type = SOCK_SEQPACKET;
  else if (scheme == "vsock-dgram") t.type = SOCK_DGRAM;
  else return std::nullopt;
  const auto rest = value.substr(colon + 1);
  const auto colon2 = rest.find(':');
  if (colon2 == std::string_view::npos) return std::nullopt;
  const auto cid = number(rest.substr(0, colon2)), port = number(rest.substr(colon2 + 1));
  if (!cid || !port) return std::nullopt;
  t.cid = *cid;
  t.port = *port;
  return t;
}

std::optional<std::string> find_vmm_notify_socket(const RootView& root) {
  if (const char* env = std::getenv("VC_AGENT_VSOCK"); env && *env) return trimmed(env);
  if (const char* dir = std::getenv("CREDENTIALS_DIRECTORY"); dir && *dir && root.is_live_root())
    if (auto v = RootView("").read(std::string(dir) + "/vmm.notify_socket")) return trimmed(*v);
  if (auto v = root.read("/run/credentials/@system/vmm.notify_socket")) return trimmed(*v);
  return std::nullopt;
}

std::string send_vsock(const VsockTarget& t, std::string_view message, Clock::time_point deadline) {
  fs::Fd fd(::socket(AF_VSOCK, t.type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!fd) return std::string("socket(AF_VSOCK): ") + std::strerror(errno);
  sockaddr_vm sa{};
  sa.svm_family = AF_VSOCK;
  sa.svm_cid = t.cid;
  sa.svm_port = t.port;
  if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&sa), sizeof sa) != 0) {
    if (errno != EINPROGRESS) return std::string("connect: ") + std::strerror(errno);
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    pollfd p{fd.get(), POLLOUT, 0};
    if (left <= 0 || ::poll(&p, 1, static_cast<int>(left)) != 1) return "connect: timed out";
    int err = 0;
    socklen_t len = sizeof err;
    ::getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &err, &len);
    if (err != 0) return std::string("connect: ") + std::strerror(err);
  }
  // One write: the message is far below any vsock buffer, so a short write means failure.
  const ssize_t n = ::send(fd.get(), message.data(), message.size(), MSG_NOSIGNAL);
  if (n != static_cast<ssize_t>(message.size()))
    return n < 0 ? std::string("send: ") + std::strerror(errno) : "send: short write";
  ::shutdown(fd.get(), SHUT_WR);
  return "";
}

}  // namespace vc::report
