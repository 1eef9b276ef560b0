#include "tests/deploy/deploy_processes.h"

#include "tests/http/test_client.h"
#include "tests/support/command.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

extern char** environ;

#include <chrono>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace sportello::testing {

using sportello::http::testing::TestClient;

bool Eventually(const std::function<bool()>& condition) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds{10};
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds{10});
  }
  return true;
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string ReplaceOnce(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  if (at == std::string::npos || text.find(from, at + 1) != std::string::npos) {
    throw std::runtime_error("deploy/nginx/sportello.conf no longer holds `" + from + "` exactly once");
  }
  return text.replace(at, from.size(), to);
}


Nginx::Nginx(const std::filesystem::path& dir, std::uint16_t port, const std::vector<std::uint16_t>& nodes)
    : dir_(dir / "nginx"), port_(port) {
  std::filesystem::create_directories(dir_);
  std::string site = ReadFile(std::string(SPORTELLO_SOURCE_DIR) + "/deploy/nginx/sportello.conf");
  site = ReplaceOnce(site, "127.0.0.1:8081", "127.0.0.1:" + std::to_string(nodes.at(0)));
  site = ReplaceOnce(site, "127.0.0.1:8082", "127.0.0.1:" + std::to_string(nodes.at(1)));
  site = ReplaceOnce(site, "listen 80;", "listen 127.0.0.1:" + std::to_string(port) + ";");
  site = ReplaceOnce(site, "/var/log/nginx/sportello.access.log", (dir_ / "access.log").string());
  std::ofstream(dir_ / "sportello.conf") << site;
  // What nginx.conf around the included file holds, with every path in the scratch directory.
  std::ofstream main(dir_ / "nginx.conf");
  main << "worker_processes 1;\nevents { worker_connections 256; }\nhttp {\n";
  for (const char* temp : {"client_body", "proxy", "fastcgi", "uwsgi", "scgi"}) {
    main << "    " << temp << "_temp_path " << (dir_ / temp).string() << ";\n";
  }
  main << "    include " << (dir_ / "sportello.conf").string() << ";\n}\n";
  main.close();

  const auto check = sportello::testing::RunCommand(Command({"-t"}));
  if (check.exit_code != 0) throw std::runtime_error("nginx -t refuses the configuration:\n" + check.output);
  Start();
}

std::string Nginx::Logs() const {
  return "nginx error log:\n" + ReadFile(dir_ / "error.log") + "nginx access log:\n" + ReadFile(dir_ / "access.log");
}

std::vector<std::string> Nginx::Arguments(std::vector<std::string> extra) const {
  std::vector<std::string> words = {SPORTELLO_NGINX, "-p", dir_.string(), "-c", (dir_ / "nginx.conf").string(),
                                    "-e", (dir_ / "error.log").string(), "-g",
                                    "daemon off; pid " + (dir_ / "nginx.pid").string() + "; error_log " +
                                        (dir_ / "error.log").string() + " notice;"};
  words.insert(words.end(), extra.begin(), extra.end());
  return words;
}

std::string Nginx::Command(std::vector<std::string> extra) const {
  std::string line;
  for (const std::string& word : Arguments(std::move(extra))) line += "'" + word + "' ";
  return line;
}

void Nginx::Start() {
  std::vector<std::string> words = Arguments({});
  std::vector<char*> argv;
  for (std::string& word : words) argv.push_back(word.data());
  argv.push_back(nullptr);
  const int output = open((dir_ / "output.log").c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (output < 0) throw std::runtime_error("cannot write " + (dir_ / "output.log").string());
  const pid_t test = getpid();
  pid_ = fork();
  if (pid_ == 0) {  // only async-signal-safe calls until exec: the test has threads
    setpgid(0, 0);  // its own group: the workers are stopped with it
    prctl(PR_SET_PDEATHSIG, SIGTERM);  // a test that crashes does not leave nginx behind
    if (getppid() != test) _exit(127);
    dup2(output, STDOUT_FILENO);
    dup2(output, STDERR_FILENO);
    execve(argv[0], argv.data(), environ);
    _exit(127);
  }
  close(output);
  if (pid_ < 0) {
    pid_ = 0;
    throw std::runtime_error("cannot start " + words[0]);
  }
  setpgid(pid_, pid_);
  const bool listening = Eventually([this] {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = 0;
      return true;  // exited: reported below
    }
    try {
      TestClient probe(port_);
      return true;
    } catch (const std::exception&) {
      return false;
    }
  });
  if (!listening || pid_ == 0) {
    Stop();
    throw std::runtime_error("nginx did not start:\n" + ReadFile(dir_ / "output.log") + Logs());
  }
}

void Nginx::Stop() {
  if (pid_ == 0) return;
  kill(-pid_, SIGTERM);
  int status = 0;
  const bool exited = Eventually([&] { return waitpid(pid_, &status, WNOHANG) == pid_; });
  kill(-pid_, SIGKILL);  // workers that outlive the master, or all of it
  if (!exited) waitpid(pid_, &status, 0);
  pid_ = 0;
}

DyingNode::DyingNode() {
  listener_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (listener_ < 0 || bind(listener_, reinterpret_cast<sockaddr*>(&address), length) != 0 || listen(listener_, 16) != 0 ||
      getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    throw std::runtime_error("the dying node cannot listen");
  }
  port_ = ntohs(address.sin_port);
  thread_ = std::thread([this] { Serve(); });
}

DyingNode::~DyingNode() {
  stop_ = true;
  thread_.join();
  close(listener_);
}

std::vector<std::string> DyingNode::Requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

void DyingNode::Serve() {
  while (!stop_) {
    pollfd ready{listener_, POLLIN, 0};
    if (poll(&ready, 1, 20) <= 0) continue;
    const int connection = accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
    if (connection < 0) continue;
    const std::string request = ReadRequest(connection);
    {
      std::lock_guard lock(mutex_);  // noted before the close that makes nginx answer
      requests_.push_back(request.substr(0, request.find("\r\n")));
    }
    close(connection);
  }
}

std::string DyingNode::ReadRequest(int connection) {
  std::string request;
  char buffer[4096];
  while (true) {
    const auto header_end = request.find("\r\n\r\n");
    if (header_end != std::string::npos) {
      std::string header = request.substr(0, header_end);
      for (char& c : header) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      const auto field = header.find("\r\ncontent-length:");
      const std::size_t body = field == std::string::npos ? 0 : std::stoul(header.substr(field + 17));
      if (request.size() >= header_end + 4 + body) return request;
    }
    pollfd readable{connection, POLLIN, 0};
    if (poll(&readable, 1, 5000) <= 0) return request;
    const ssize_t got = recv(connection, buffer, sizeof buffer, 0);
    if (got <= 0) return request;
    request.append(buffer, static_cast<std::size_t>(got));
  }
}
}  // namespace sportello::testing
