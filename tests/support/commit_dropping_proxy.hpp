// A loopback TCP proxy in front of PostgreSQL that, when armed, breaks the
// connection of the next transaction that wrote rows right after the
// server committed it: the server's "COMMIT" reply (or, for a writing
// statement run outside BEGIN...COMMIT, its ReadyForQuery) is dropped with
// the connection. A transaction wrote rows when a command completed as
// INSERT or UPDATE, or as the SELECT of the writer's one-statement batch
// (the prepared statement "write_batch", whose last part returns the games
// the epoch fence refused). The client is left in doubt (libpqxx's
// in_doubt_error) about a transaction that is in fact durable: the case a
// writer must not answer as "nothing accepted". Clients must connect with
// sslmode=disable and gssencmode=disable so that the stream is plain protocol
// messages.
#pragma once

#include <algorithm>
#include <arpa/inet.h>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>
#include <netinet/in.h>
#include <stdexcept>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <vector>

#include <unistd.h>

namespace fourex::testing {

class CommitDroppingProxy {
 public:
  explicit CommitDroppingProxy(int upstream_port) : upstream_(upstream_port) {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    ::setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr = loopback(0);
    if (::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) ||
        ::listen(listener_, 64))
      throw std::runtime_error("proxy: cannot listen");
    socklen_t len = sizeof addr;
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    acceptor_ = std::thread([this] { accept_loop(); });
  }
  ~CommitDroppingProxy() {
    stopping_ = true;
    ::shutdown(listener_, SHUT_RDWR);
    ::close(listener_);
    acceptor_.join();
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto& c : connections_) c->close_both();
    for (auto& t : pumps_) t.join();
    for (auto& c : connections_) {
      ::close(c->client);
      ::close(c->server);
    }
  }
  CommitDroppingProxy(const CommitDroppingProxy&) = delete;
  CommitDroppingProxy& operator=(const CommitDroppingProxy&) = delete;

  int port() const { return port_; }
  // The next writing transaction's COMMIT reply is dropped, once.
  void arm() { armed_ = true; }
  int dropped() const { return dropped_; }

 private:
  struct Connection {
    int client = -1, server = -1;
    std::atomic<bool> wrote{false};       // rows written since the last COMMIT
    std::atomic<bool> batch_sent{false};  // write_batch bound, not completed
    void close_both() {
      ::shutdown(client, SHUT_RDWR);
      ::shutdown(server, SHUT_RDWR);
    }
  };

  static sockaddr_in loopback(int port) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return addr;
  }

  static bool read_exact(int fd, char* buf, std::size_t n) {
    while (n > 0) {
      auto got = ::recv(fd, buf, n, 0);
      if (got <= 0) return false;
      buf += got;
      n -= static_cast<std::size_t>(got);
    }
    return true;
  }
  static bool write_all(int fd, const char* buf, std::size_t n) {
    while (n > 0) {
      auto sent = ::send(fd, buf, n, MSG_NOSIGNAL);
      if (sent <= 0) return false;
      buf += sent;
      n -= static_cast<std::size_t>(sent);
    }
    return true;
  }

  void accept_loop() {
    while (!stopping_) {
      int client = ::accept(listener_, nullptr, nullptr);
      if (client < 0) return;
      int server = ::socket(AF_INET, SOCK_STREAM, 0);
      sockaddr_in addr = loopback(upstream_);
      if (::connect(server, reinterpret_cast<sockaddr*>(&addr), sizeof addr)) {
        ::close(client);
        ::close(server);
        continue;
      }
      auto c = std::make_shared<Connection>();
      c->client = client;
      c->server = server;
      std::lock_guard<std::mutex> lock(mutex_);
      connections_.push_back(c);
      pumps_.emplace_back([c] { client_to_server(c); });
      pumps_.emplace_back([this, c] { server_to_client(c); });
    }
  }

  static void client_to_server(std::shared_ptr<Connection> c) {
    char buf[16384];
    for (;;) {
      auto got = ::recv(c->client, buf, sizeof buf, 0);
      if (got <= 0) break;
      // Bind: 'B', length, portal name "", statement name.
      static const char kBind[] = "\0write_batch";
      if (std::search(buf, buf + got, kBind, kBind + sizeof kBind) != buf + got)
        c->batch_sent = true;
      if (!write_all(c->server, buf, static_cast<std::size_t>(got))) break;
    }
    c->close_both();
  }

  // Backend messages are a type byte and a length that counts itself.
  void server_to_client(std::shared_ptr<Connection> c) {
    std::vector<char> msg;
    for (;;) {
      char head[5];
      if (!read_exact(c->server, head, 5)) break;
      std::uint32_t len;
      std::memcpy(&len, head + 1, 4);
      len = ntohl(len);
      if (len < 4) break;
      msg.assign(head, head + 5);
      msg.resize(5 + len - 4);
      if (!read_exact(c->server, msg.data() + 5, len - 4)) break;
      if (head[0] == 'C') {  // CommandComplete: its tag follows
        std::string tag(msg.data() + 5);
        if (tag.rfind("INSERT", 0) == 0 || tag.rfind("UPDATE", 0) == 0 ||
            (tag.rfind("SELECT", 0) == 0 && c->batch_sent.exchange(false))) {
          c->wrote = true;
        } else if (tag == "COMMIT" || tag == "ROLLBACK") {
          if (tag == "COMMIT" && c->wrote && armed_.exchange(false)) {
            ++dropped_;
            break;  // the commit is durable; its answer never arrives
          }
          c->wrote = false;
        }
      } else if (head[0] == 'Z') {  // ReadyForQuery: transaction status
        // Idle after rows were written without COMMIT: a statement's
        // implicit transaction was committed.
        if (msg[5] == 'I' && c->wrote && armed_.exchange(false)) {
          ++dropped_;
          break;
        }
        if (msg[5] == 'I') c->wrote = false;
      }
      if (!write_all(c->client, msg.data(), msg.size())) break;
    }
    c->close_both();
  }

  int upstream_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false}, armed_{false};
  std::atomic<int> dropped_{0};
  std::thread acceptor_;
  std::mutex mutex_;
  std::vector<std::shared_ptr<Connection>> connections_;
  std::vector<std::thread> pumps_;
};

}  // namespace fourex::testing
