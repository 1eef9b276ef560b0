#include "http/prepared_answer.h"

#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/write.hpp>

#include <sstream>
#include <stdexcept>

namespace sportello::http {

namespace beast_http = boost::beast::http;

std::string SerializedHead(const Response& response) {
  std::ostringstream out;
  out << response.base();  // the status line, the header lines and the blank line
  std::string head = std::move(out).str();
  head.resize(head.size() - 2);
  return head;
}

std::string HeaderLines(const Response& response) {
  std::string lines;
  for (const auto& field : response) {
    lines.append(field.name_string()).append(": ").append(field.value()).append("\r\n");
  }
  return lines;
}

Response ToResponse(const PreparedAnswer& answer) {
  beast_http::response_parser<beast_http::string_body> parser;
  parser.eager(true);
  parser.body_limit(answer.body.size());
  std::string wire;
  wire.reserve(answer.head.size() + 2 + answer.body.size());
  wire.append(answer.head).append("\r\n").append(answer.body);
  boost::beast::error_code error;
  const std::size_t used = parser.put(boost::asio::buffer(wire), error);
  if (error || used != wire.size() || !parser.is_done()) {
    throw std::logic_error("a prepared answer is not a whole HTTP message: " + error.message());
  }
  return parser.release();
}

Response ToResponse(AtOnceAnswer answer) {
  if (auto* prepared = std::get_if<PreparedAnswer>(&answer)) return ToResponse(*prepared);
  return std::move(std::get<Response>(answer));
}

}  // namespace sportello::http
