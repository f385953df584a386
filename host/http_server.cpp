#include "host/http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <memory>

namespace vc::host {

using Clock = std::chrono::steady_clock;

bool wait_for(int fd, short events, Clock::time_point deadline) {
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return false;
    pollfd p{fd, events, 0};
    const int n = ::poll(&p, 1, static_cast<int>(left));
    if (n < 0 && errno == EINTR) continue;
    return n > 0 && (p.revents & (events | POLLHUP | POLLERR)) != 0;
  }
}

namespace {

void address_of(const sockaddr_storage& sa, std::string& ip, int& port) {
  char buf[INET6_ADDRSTRLEN] = "";
  if (sa.ss_family == AF_INET) {
    const auto& in = reinterpret_cast<const sockaddr_in&>(sa);
    ::inet_ntop(AF_INET, &in.sin_addr, buf, sizeof buf);
    port = ntohs(in.sin_port);
  } else if (sa.ss_family == AF_INET6) {
    const auto& in6 = reinterpret_cast<const sockaddr_in6&>(sa);
    ::inet_ntop(AF_INET6, &in6.sin6_addr, buf, sizeof buf);
    port = ntohs(in6.sin6_port);
  }
  ip = buf;
}

// A connection whose reads fail once the current request's deadline has passed,
// however the bytes trickle in. Buffered, as httplib's own stream (its line
// reader asks for one byte at a time); one per connection, so bytes of a next
// (pipelined) request already read stay for it.
class DeadlineStream : public httplib::Stream {
 public:
  DeadlineStream(int fd, std::chrono::milliseconds write_timeout) : fd_(fd), write_timeout_(write_timeout) {}

  void start_request(Clock::time_point read_deadline) { read_deadline_ = read_deadline; }
  bool buffered() const { return at_ < end_; }

  bool is_readable() const override { return buffered() || wait_for(fd_, POLLIN, read_deadline_); }
  bool is_writable() const override { return wait_for(fd_, POLLOUT, Clock::now() + write_timeout_); }
  ssize_t read(char* ptr, size_t size) override {
    if (!buffered()) {
      const ssize_t n = receive(buf_.data(), buf_.size());
      if (n <= 0) return n;
      at_ = 0;
      end_ = static_cast<std::size_t>(n);
    }
    const std::size_t take = std::min(size, end_ - at_);
    std::copy_n(buf_.data() + at_, take, ptr);
    at_ += take;
    return static_cast<ssize_t>(take);
  }
  ssize_t write(const char* ptr, size_t size) override {
    if (!is_writable()) return -1;
    ssize_t n;
    do n = ::send(fd_, ptr, size, MSG_NOSIGNAL);
    while (n < 0 && errno == EINTR);
    return n;
  }
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage sa{};
    socklen_t len = sizeof sa;
    if (::getpeername(fd_, reinterpret_cast<sockaddr*>(&sa), &len) == 0) address_of(sa, ip, port);
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage sa{};
    socklen_t len = sizeof sa;
    if (::getsockname(fd_, reinterpret_cast<sockaddr*>(&sa), &len) == 0) address_of(sa, ip, port);
  }
  socket_t socket() const override { return fd_; }

 private:
  // What has arrived, else what arrives before the deadline (-1 once it passed).
  ssize_t receive(char* ptr, std::size_t size) {
    for (;;) {
      const ssize_t n = ::recv(fd_, ptr, size, MSG_DONTWAIT);
      if (n >= 0 || errno == EINTR) {
        if (n >= 0) return n;
        continue;
      }
      if ((errno != EAGAIN && errno != EWOULDBLOCK) || !wait_for(fd_, POLLIN, read_deadline_)) return -1;
    }
  }

  int fd_;
  std::array<char, 4096> buf_{};
  std::size_t at_ = 0, end_ = 0;
  std::chrono::milliseconds write_timeout_;
  Clock::time_point read_deadline_{};
};

}  // namespace

HttpServer::HttpServer(const HttpLimits& limits) : limits_(limits) {
  // httplib owns the queue it is handed (a raw pointer by its interface).
  new_task_queue = [n = limits_.workers] { return std::make_unique<httplib::ThreadPool>(n).release(); };
}

bool HttpServer::process_and_close_socket(socket_t sock) {
  bool ret = false;
  DeadlineStream strm(sock, limits_.write);
  for (std::size_t count = keep_alive_max_count_; count > 0; --count) {
    // Wait for the next request in short slices, so a stopped server does not
    // wait out an idle keep-alive connection.
    const auto idle_until = Clock::now() + limits_.idle;
    bool readable = strm.buffered();
    while (!readable && svr_sock_ != INVALID_SOCKET && Clock::now() < idle_until)
      readable = wait_for(sock, POLLIN, std::min(idle_until, Clock::now() + std::chrono::milliseconds(100)));
    if (!readable) break;
    strm.start_request(Clock::now() + limits_.request);
    bool closed = false;
    ret = process_request(strm, count == 1, closed, nullptr);
    if (!ret || closed) break;
  }
  ::shutdown(sock, SHUT_RDWR);
  ::close(sock);
  return ret;
}

}  // namespace vc::host
