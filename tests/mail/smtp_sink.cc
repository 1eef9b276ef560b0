#include "smtp_sink.h"

#include <boost/json/parse.hpp>

#include <algorithm>
#include <array>
#include <cstdio>
#include <stdexcept>
#include <thread>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

namespace sportello::mail::testing {

namespace {

const std::string kPython = SPORTELLO_PYTHON3;
const std::string kSinkScript = std::string(SPORTELLO_SOURCE_DIR) + "/tests/mail/smtp_sink.py";
const std::string kInspectScript = std::string(SPORTELLO_SOURCE_DIR) + "/tests/mail/inspect_mail.py";

// Reads one line from `fd` within `limit`; empty when none came.
std::string ReadLine(int fd, std::chrono::seconds limit) {
  std::string line;
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd waiting{fd, POLLIN, 0};
    if (poll(&waiting, 1, 200) <= 0) continue;
    char c = 0;
    if (read(fd, &c, 1) != 1) break;
    if (c == '\n') return line;
    line += c;
  }
  return {};
}

}  // namespace

SmtpSink::SmtpSink(std::filesystem::path directory, SinkOptions options) : directory_(std::move(directory)) {
  std::filesystem::create_directories(directory_);
  std::vector<std::string> args = {kPython, kSinkScript, "--dir", directory_.string(), "--port",
                                   std::to_string(options.port)};
  if (!options.reject_rcpt.empty()) args.insert(args.end(), {"--reject-rcpt", options.reject_rcpt});
  if (options.delay_seconds > 0) args.insert(args.end(), {"--delay", std::to_string(options.delay_seconds)});
  if (!options.auth.empty()) args.insert(args.end(), {"--auth", options.auth});
  std::array<int, 2> pipe_fds{};
  if (pipe(pipe_fds.data()) != 0) throw std::runtime_error("pipe failed");
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    dup2(pipe_fds[1], STDOUT_FILENO);
    close(pipe_fds[0]);
    close(pipe_fds[1]);
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(pipe_fds[1]);
  const std::string line = ReadLine(pipe_fds[0], std::chrono::seconds{30});
  close(pipe_fds[0]);
  if (!line.starts_with("LISTENING ")) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    throw std::runtime_error("the SMTP sink did not start (is python3-aiosmtpd installed?)");
  }
  port_ = std::stoi(line.substr(10));
}

SmtpSink::~SmtpSink() {
  if (pid_ <= 0) return;
  kill(pid_, SIGTERM);
  for (int i = 0; i < 100; ++i) {  // up to 10 s, then for sure
    if (waitpid(pid_, nullptr, WNOHANG) == pid_) return;
    std::this_thread::sleep_for(std::chrono::milliseconds{100});
  }
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
}

std::vector<std::filesystem::path> SmtpSink::Messages() const {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(directory_)) {
    if (entry.path().extension() == ".eml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<std::filesystem::path> SmtpSink::WaitForMessages(std::size_t count, std::chrono::seconds limit) const {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  std::vector<std::filesystem::path> files = Messages();
  while (files.size() < count && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds{20});
    files = Messages();
  }
  return files;
}

int FreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof address;
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    throw std::runtime_error("cannot find a free port");
  }
  close(fd);
  return ntohs(address.sin_port);
}

boost::json::value InspectMail(const std::filesystem::path& file) {
  const std::string command = kPython + " " + kInspectScript + " '" + file.string() + "'";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("popen failed");
  std::string output;
  std::array<char, 4096> buffer{};
  while (std::size_t n = fread(buffer.data(), 1, buffer.size(), pipe)) output.append(buffer.data(), n);
  const int status = pclose(pipe);
  if (status != 0) throw std::runtime_error("inspect_mail.py failed on " + file.string());
  return boost::json::parse(output);
}

}  // namespace sportello::mail::testing
