// Who a request comes from, for the per-client limits: the socket's peer, or, when the peer is a
// reverse proxy the operator trusts (`--trusted-proxy`), the client that proxy reports. Pure
// functions; thread-safe.
//
// Only the last hop is believed: a proxy appends the address it received the connection from to
// `X-Forwarded-For` (or `Forwarded: for=`), and everything before that hop was written by the
// client itself, who may write anything. A header that does not end in one well-formed address
// leaves the proxy as the client. Behind several proxies, trust the one that talks to Sportello.
#pragma once

#include "http/message.h"

#include <boost/asio/ip/address.hpp>

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace sportello::http {

// A block of addresses: `10.0.0.0/8`, `fd00::/8`; a lone address is a block of one.
struct Network {
  boost::asio::ip::address base;  // with the bits past the prefix cleared
  unsigned prefix = 0;            // leading bits that must match

  bool Contains(const boost::asio::ip::address& address) const;
};

// `text` as a Network; nullopt when it is not `ADDRESS` or `ADDRESS/PREFIX` with a prefix that fits.
std::optional<Network> ParseNetwork(std::string_view text);

// The client of `request`, which arrived from `peer`: the last hop of `Forwarded` (its last
// `for=`) or else of `X-Forwarded-For` when `peer` is in one of `trusted`; `peer` otherwise. As text
// ("203.0.113.7", "2001:db8::1"); an IPv4 address carried in IPv6 (`::ffff:a.b.c.d`) as IPv4.
std::string ClientAddress(const Request& request, const boost::asio::ip::address& peer,
                          std::span<const Network> trusted);

// Whether `client_address` is this machine's (127.0.0.0/8, ::1).
bool IsLoopback(std::string_view client_address);

// The key a client is limited under: its address, except IPv6, limited per /64 network
// ("2001:db8:1:2::/64"): one home or phone holds a whole /64 and can change address within it.
std::string LimitKey(std::string_view client_address);

}  // namespace sportello::http
