// What the kernel counted on a TCP socket: how many segments its peer's
// data came in. Its own translation unit: <linux/tcp.h>, which has the
// counter, cannot share one with <netinet/tcp.h>, which httplib includes.
#pragma once

namespace fourex::testing {

// Segments with data that the socket `fd` has received (TCP_INFO's
// tcpi_data_segs_in); fails the running test when the kernel will not say.
unsigned data_segments_received(int fd);

}  // namespace fourex::testing
