#include "tools/bench/load/inflate.h"

#include <zlib.h>

#include <vector>

namespace sportello::bench {
namespace {

// One inflate state and one output buffer per thread, reset for each answer: once warm, inflating
// allocates nothing (the load generator inflates every availability answer of the surge).
struct Inflater {
  z_stream stream{};
  bool ready = false;
  std::vector<char> out = std::vector<char>(64 * 1024);

  Inflater() { ready = inflateInit2(&stream, 16 + MAX_WBITS) == Z_OK; }  // 16: gzip wrapper only
  ~Inflater() {
    if (ready) inflateEnd(&stream);
  }
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;
};

}  // namespace

std::optional<std::string_view> Gunzip(std::string_view gzip) {
  static thread_local Inflater inflater;
  z_stream& stream = inflater.stream;
  if (!inflater.ready || inflateReset(&stream) != Z_OK) return std::nullopt;
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gzip.data()));
  stream.avail_in = static_cast<uInt>(gzip.size());
  std::size_t used = 0;
  int status = Z_OK;
  while (status == Z_OK) {
    if (used == inflater.out.size()) inflater.out.resize(2 * inflater.out.size());
    stream.next_out = reinterpret_cast<Bytef*>(inflater.out.data() + used);
    stream.avail_out = static_cast<uInt>(inflater.out.size() - used);
    status = inflate(&stream, Z_NO_FLUSH);
    used = inflater.out.size() - stream.avail_out;
  }
  if (status != Z_STREAM_END || stream.avail_in != 0) return std::nullopt;
  return std::string_view(inflater.out.data(), used);
}

}  // namespace sportello::bench
