#include "tests/support/tcp_segments.hpp"

#include <netinet/in.h>
#include <sys/socket.h>

#include <catch2/catch.hpp>
#include <linux/tcp.h>

namespace fourex::testing {

unsigned data_segments_received(int fd) {
  tcp_info info{};
  socklen_t size = sizeof info;
  REQUIRE(::getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &size) == 0);
  return info.tcpi_data_segs_in;
}

}  // namespace fourex::testing
