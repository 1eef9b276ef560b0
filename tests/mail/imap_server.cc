#include "imap_server.h"

#include "smtp_sink.h"

#include <fmt/core.h>

#include <chrono>
#include <fstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <grp.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

namespace sportello::mail::testing {

namespace {

constexpr const char* kDovecot = "/usr/sbin/dovecot";

// The accounts the server runs as: root hands the mailbox to `nobody` and its own processes to
// Debian's dovecot users; anyone else runs everything as themselves.
struct Accounts {
  std::string internal_user;
  std::string login_user;
  uid_t mail_uid = 0;
  gid_t mail_gid = 0;
};

Accounts AccountsToUse() {
  if (geteuid() == 0) {
    const passwd* nobody = getpwnam("nobody");
    if (nobody == nullptr) throw std::runtime_error("no user nobody to own the test mailbox");
    return {"dovecot", "dovenull", nobody->pw_uid, nobody->pw_gid};
  }
  const passwd* self = getpwuid(geteuid());
  if (self == nullptr) throw std::runtime_error("the user running the tests has no name");
  return {self->pw_name, self->pw_name, geteuid(), getegid()};
}

bool Accepts(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  const bool connected = fd >= 0 && connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  if (fd >= 0) close(fd);
  return connected;
}

void Own(const std::filesystem::path& path, uid_t uid, gid_t gid) {
  if (chown(path.c_str(), uid, gid) != 0) throw std::runtime_error("cannot hand " + path.string() + " to the mail user");
}

}  // namespace

ImapServer::ImapServer() {
  std::string pattern = (std::filesystem::temp_directory_path() / "sportello-imap-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  directory_ = pattern;
  if (!std::filesystem::exists(kDovecot)) {
    throw std::runtime_error("dovecot is not installed (Debian's dovecot-imapd: run scripts/install-deps.sh)");
  }
  const Accounts accounts = AccountsToUse();
  mail_uid_ = accounts.mail_uid;
  mail_gid_ = accounts.mail_gid;
  const std::filesystem::path home = directory_ / "home";
  maildir_ = home / "Maildir";
  for (const char* sub : {"new", "cur", "tmp"}) std::filesystem::create_directories(maildir_ / sub);
  std::filesystem::create_directories(directory_ / "run");
  std::filesystem::create_directories(directory_ / "state");
  for (const auto& path : {home, maildir_, maildir_ / "new", maildir_ / "cur", maildir_ / "tmp"}) {
    Own(path, mail_uid_, mail_gid_);
  }
  std::filesystem::permissions(directory_, std::filesystem::perms::owner_all | std::filesystem::perms::group_exec |
                                               std::filesystem::perms::others_exec);
  port_ = FreePort();
  const std::filesystem::path config = directory_ / "dovecot.conf";
  std::ofstream(config) << fmt::format(R"(base_dir = {0}/run
state_dir = {0}/state
log_path = {0}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {1}
default_login_user = {2}
first_valid_uid = 1
first_valid_gid = 0
passdb {{
  driver = static
  args = user={3} password={4}
}}
userdb {{
  driver = static
  args = uid={5} gid={6} home={7}
}}
mail_location = maildir:{8}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {9}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
)",
                                       directory_.string(), accounts.internal_user, accounts.login_user, kUser,
                                       kPassword, mail_uid_, mail_gid_, home.string(), maildir_.string(), port_);
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    execl(kDovecot, kDovecot, "-F", "-c", config.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  for (int i = 0; i < 300; ++i) {  // up to 30 s
    if (Accepts(port_)) return;
    if (waitpid(pid_, nullptr, WNOHANG) == pid_) break;
    std::this_thread::sleep_for(std::chrono::milliseconds{100});
  }
  std::string log;
  std::getline(std::ifstream(directory_ / "dovecot.log"), log, '\0');
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
  std::error_code ignored;
  std::filesystem::remove_all(directory_, ignored);
  throw std::runtime_error("dovecot did not start:\n" + log);
}

ImapServer::~ImapServer() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    bool stopped = false;
    for (int i = 0; i < 100 && !stopped; ++i) {  // up to 10 s, then for sure
      stopped = waitpid(pid_, nullptr, WNOHANG) == pid_;
      if (!stopped) std::this_thread::sleep_for(std::chrono::milliseconds{100});
    }
    if (!stopped) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }
  std::error_code ignored;
  std::filesystem::remove_all(directory_, ignored);
}

std::string ImapServer::MailboxUrl() const { return fmt::format("imap://127.0.0.1:{}/INBOX", port_); }

void ImapServer::Deliver(std::string_view raw) {
  ++delivered_;
  const std::string name = fmt::format("{}.{}.sportello-test", 1700000000 + delivered_, delivered_);
  const std::filesystem::path staged = maildir_ / "tmp" / name;
  std::ofstream(staged, std::ios::binary) << raw;
  Own(staged, mail_uid_, mail_gid_);
  std::filesystem::rename(staged, maildir_ / "new" / name);
}

}  // namespace sportello::mail::testing
