// PreparedAnswer: an answer made once as it goes on the wire, and written as it is for every
// request that gets it (a fresh availability answer, on the I/O thread): no message is built, no
// header is serialized and no body is copied per request. The server adds the headers it puts on
// every answer (session.h, CommonHeaderLines) between the head and the body, so a prepared head
// carries none of them.
// Thread-safe: values and pure functions.
#pragma once

#include "http/message.h"

#include <memory>
#include <string>
#include <string_view>
#include <variant>

namespace sportello::http {

struct PreparedAnswer {
  unsigned status = 200;
  std::string_view head;  // the status line and header lines of an HTTP/1.1 keep-alive answer, each
                          // ending in CRLF, without the blank line that ends the header
  std::string_view body;
  std::shared_ptr<const void> owner;  // keeps the bytes of `head` and `body` alive
};

// What a handler answers on the I/O thread: a message, or bytes prepared once.
using AtOnceAnswer = std::variant<Response, PreparedAnswer>;

// The status line and header lines of `response` as they go on the wire, without the blank line.
std::string SerializedHead(const Response& response);

// The header lines of `response`, each "Name: value" and CRLF, without the status line.
std::string HeaderLines(const Response& response);

// The same answer as a message: for what the prepared bytes do not fit (a HEAD request, HTTP/1.0,
// a connection closing after it) and for tests.
Response ToResponse(const PreparedAnswer& answer);
Response ToResponse(AtOnceAnswer answer);

}  // namespace sportello::http
