#include "tests/support/server_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <regex>
#include <stdexcept>

extern char** environ;

namespace sportello::testing {

namespace {

constexpr std::string_view kListening = "listening on http://127.0.0.1:";

// True for a PostgreSQL --db without --secret-file: such a server needs one (tools/sportello).
bool NeedsSharedSecret(const std::vector<std::string>& options) {
  bool postgres = false;
  for (std::size_t i = 0; i < options.size(); ++i) {
    if (options[i] == "--secret-file") return false;
    if (options[i] == "--db" && i + 1 < options.size()) postgres = options[i + 1].starts_with("postgresql://") || options[i + 1].starts_with("postgres://");
  }
  return postgres;
}

// One secret file for every server this test process starts, as the nodes of one deployment share
// theirs; removed when the process ends.
const std::string& SharedSecretFile() {
  static const std::string path = [] {
    std::string pattern = (std::filesystem::temp_directory_path() / "sportello-secret-XXXXXX").string();
    const int fd = mkstemp(pattern.data());
    if (fd < 0) throw std::runtime_error("mkstemp failed");
    const std::string secret = "test-secret-shared-by-the-servers-of-one-test-process\n";
    if (write(fd, secret.data(), secret.size()) != static_cast<ssize_t>(secret.size())) {
      throw std::runtime_error("cannot write the test secret file");
    }
    close(fd);
    static const struct Remover {
      std::string path;
      ~Remover() { std::remove(path.c_str()); }
    } remover{pattern};
    return pattern;
  }();
  return path;
}

}  // namespace

std::string TestNow() {
  const char* from_environment = std::getenv("SPORTELLO_TEST_NOW");
  return from_environment != nullptr && *from_environment != '\0' ? from_environment : "2026-11-23T10:07:00+01:00";
}

bool HasSanitizerReport(const std::string& output) {
  static const std::regex kReport(
      R"(ERROR: (Address|Leak)Sanitizer|WARNING: ThreadSanitizer|runtime error: |SUMMARY: \w+Sanitizer)");
  return std::regex_search(output, kReport);
}

ServerProcess::ServerProcess(const std::string& binary, const std::vector<std::string>& options) {
  int pipe_fds[2];
  if (pipe2(pipe_fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDERR_FILENO);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
  std::vector<std::string> words = {binary, "serve"};
  words.insert(words.end(), options.begin(), options.end());
  if (NeedsSharedSecret(options)) {
    words.emplace_back("--secret-file");
    words.push_back(SharedSecretFile());
  }
  for (const char* word : {"--port", "0", "--now"}) words.emplace_back(word);
  words.push_back(TestNow());
  std::vector<char*> argv;
  for (std::string& word : words) argv.push_back(word.data());
  argv.push_back(nullptr);
  const int spawned = posix_spawn(&pid_, binary.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(pipe_fds[1]);
  if (spawned != 0) {
    close(pipe_fds[0]);
    pid_ = 0;
    throw std::runtime_error("cannot start " + binary);
  }
  log_fd_ = pipe_fds[0];
  reader_ = std::thread([this] {
    char buffer[4096];
    for (ssize_t n; (n = read(log_fd_, buffer, sizeof buffer)) > 0;) {
      std::lock_guard lock(log_mutex_);
      log_.append(buffer, static_cast<std::size_t>(n));
    }
  });
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds{20};
  while (port_ == 0) {
    const std::string log = Log();
    if (const auto at = log.find(kListening); at != std::string::npos) {
      port_ = static_cast<std::uint16_t>(std::stoi(log.substr(at + kListening.size())));
    } else if (ExitedOnItsOwn() >= 0 || std::chrono::steady_clock::now() > deadline) {
      Fail("sportello serve did not start");
    } else {
      poll(nullptr, 0, 10);
    }
  }
}

ServerProcess::~ServerProcess() {
  if (pid_ != 0) Reap(SIGKILL);
}

std::string ServerProcess::Log() const {
  std::lock_guard lock(log_mutex_);
  return log_;
}

int ServerProcess::ExitedOnItsOwn() {
  if (pid_ == 0) return status_;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) != pid_) return -1;
  pid_ = 0;
  status_ = status;
  reader_.join();
  close(log_fd_);
  return status;
}

void ServerProcess::Reap(int signal) {
  if (pid_ != 0) {
    kill(pid_, signal);
    waitpid(pid_, &status_, 0);
    pid_ = 0;
    reader_.join();
    close(log_fd_);
  }
}

void ServerProcess::Fail(const std::string& what) {
  Reap(SIGKILL);
  throw std::runtime_error(what + "; its output:\n" + Log());
}

void ServerProcess::Kill() {
  if (const int status = ExitedOnItsOwn(); status >= 0) Fail("sportello serve exited before it was killed (status " + std::to_string(status) + ")");
  Reap(SIGKILL);
  if (HasSanitizerReport(Log())) Fail("sportello serve printed a sanitizer report");
}

void ServerProcess::Stop() {
  if (const int status = ExitedOnItsOwn(); status >= 0) Fail("sportello serve exited before it was stopped (status " + std::to_string(status) + ")");
  Reap(SIGTERM);
  if (!WIFEXITED(status_) || WEXITSTATUS(status_) != 0) Fail("sportello serve did not exit 0 when stopped (status " + std::to_string(status_) + ")");
  if (HasSanitizerReport(Log())) Fail("sportello serve printed a sanitizer report");
}

}  // namespace sportello::testing
