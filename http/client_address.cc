#include "http/client_address.h"

#include <boost/asio/ip/address_v6.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/field.hpp>

#include <algorithm>
#include <array>
#include <charconv>

namespace sportello::http {

namespace {

namespace ip = boost::asio::ip;

// `address` with every bit past the first `prefix` cleared.
ip::address Masked(const ip::address& address, unsigned prefix) {
  if (address.is_v4()) {
    const std::uint32_t bits = address.to_v4().to_uint();
    const std::uint32_t mask = prefix == 0 ? 0 : ~std::uint32_t{0} << (32 - prefix);
    return ip::address_v4(bits & mask);
  }
  ip::address_v6::bytes_type bytes = address.to_v6().to_bytes();
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const unsigned kept = std::min(8U, prefix > i * 8 ? prefix - static_cast<unsigned>(i * 8) : 0U);
    bytes[i] = static_cast<unsigned char>(bytes[i] & (kept == 0 ? 0 : 0xFF << (8 - kept)));
  }
  return ip::address_v6(bytes);
}

// An IPv4 address carried in IPv6 (`::ffff:a.b.c.d`) as the IPv4 address it is.
ip::address Unmapped(const ip::address& address) {
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return ip::make_address_v4(ip::v4_mapped, address.to_v6());
  }
  return address;
}

std::optional<ip::address> ParseAddress(std::string_view text) {
  boost::system::error_code error;
  const ip::address address = ip::make_address(std::string(text), error);
  if (error) return std::nullopt;
  return Unmapped(address);
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// The last comma-separated element of `value`.
std::string_view LastElement(std::string_view value) {
  const std::size_t comma = value.rfind(',');
  return Trim(comma == std::string_view::npos ? value : value.substr(comma + 1));
}

// The node of a `for=` parameter of RFC 7239: `192.0.2.1`, `"[2001:db8::1]"`, `"192.0.2.1:8080"`.
std::optional<ip::address> ForwardedNode(std::string_view node) {
  if (node.size() >= 2 && node.front() == '"' && node.back() == '"') node = node.substr(1, node.size() - 2);
  if (node.starts_with('[')) {
    const std::size_t close = node.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    return ParseAddress(node.substr(1, close - 1));
  }
  if (const std::size_t colon = node.find(':'); colon != std::string_view::npos && node.find(':', colon + 1) ==
                                                                                        std::string_view::npos) {
    node = node.substr(0, colon);  // IPv4 with a port
  }
  return ParseAddress(node);
}

// The client the last hop of `Forwarded` names, if it names one.
std::optional<ip::address> FromForwarded(std::string_view value) {
  std::string_view element = LastElement(value);
  while (!element.empty()) {
    const std::size_t semicolon = element.find(';');
    const std::string_view pair = Trim(element.substr(0, semicolon));
    if (pair.size() > 4 && boost::beast::iequals(pair.substr(0, 4), "for=")) {
      return ForwardedNode(pair.substr(4));
    }
    if (semicolon == std::string_view::npos) break;
    element.remove_prefix(semicolon + 1);
  }
  return std::nullopt;
}

}  // namespace

bool Network::Contains(const ip::address& address) const {
  const ip::address candidate = Unmapped(address);
  if (candidate.is_v4() != base.is_v4()) return false;
  return Masked(candidate, prefix) == base;
}

std::optional<Network> ParseNetwork(std::string_view text) {
  const std::size_t slash = text.find('/');
  const std::optional<ip::address> address = ParseAddress(text.substr(0, slash));
  if (!address) return std::nullopt;
  const unsigned bits = address->is_v4() ? 32 : 128;
  unsigned prefix = bits;
  if (slash != std::string_view::npos) {
    const std::string_view digits = text.substr(slash + 1);
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
    if (digits.empty() || error != std::errc{} || end != digits.data() + digits.size() || prefix > bits) {
      return std::nullopt;
    }
  }
  return Network{Masked(*address, prefix), prefix};
}

std::string ClientAddress(const Request& request, const ip::address& peer, std::span<const Network> trusted) {
  const ip::address client = Unmapped(peer);
  const bool from_proxy = std::any_of(trusted.begin(), trusted.end(), [&](const Network& network) {
    return network.Contains(client);
  });
  if (from_proxy) {
    std::optional<ip::address> reported;
    if (const auto forwarded = request.find(boost::beast::http::field::forwarded); forwarded != request.end()) {
      reported = FromForwarded(forwarded->value());
    } else if (const auto forwarded_for = request.find("X-Forwarded-For"); forwarded_for != request.end()) {
      reported = ParseAddress(LastElement(forwarded_for->value()));
    }
    if (reported) return reported->to_string();
  }
  return client.to_string();
}

bool IsLoopback(std::string_view client_address) {
  const std::optional<ip::address> address = ParseAddress(client_address);
  return address && address->is_loopback();
}

std::string LimitKey(std::string_view client_address) {
  const std::optional<ip::address> address = ParseAddress(client_address);
  if (!address) return std::string(client_address);
  if (address->is_v4()) return address->to_string();
  return Masked(*address, 64).to_string() + "/64";
}

}  // namespace sportello::http
