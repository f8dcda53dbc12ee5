#include <corridor/app/keyfile.hpp>

#include <corridor/app/service.hpp>
#include <corridor/ledger/statement.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cerrno>
#include <cstring>
#include <filesystem>

namespace corridor::app {

core::Result<void> write_key_file(const std::string& path, const ledger::PrivateKey& key) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST)
      return core::make_error(core::Errc::conflict,
                              path + ": already exists; a key file is never overwritten");
    return core::make_error(core::Errc::not_found,
                            path + ": cannot create: " + std::strerror(errno));
  }
  const std::string text = key.format() + "\n";
  bool ok = ::fchmod(fd, 0600) == 0;
  std::size_t done = 0;
  while (ok && done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) done += static_cast<std::size_t>(n);
  }
  ok = ok && ::fsync(fd) == 0;
  const int saved = errno;
  ::close(fd);
  // The new directory entry is made durable too.
  if (ok) {
    const std::string dir = std::filesystem::absolute(path).parent_path().string();
    if (int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dfd >= 0) {
      ok = ::fsync(dfd) == 0;
      ::close(dfd);
    }
  }
  if (!ok) {
    ::unlink(path.c_str());
    return core::make_error(core::Errc::internal,
                            path + ": cannot write the key: " + std::strerror(saved));
  }
  return {};
}

core::Result<ledger::PrivateKey> read_key_file(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0)
    return core::make_error(core::Errc::not_found, path + ": no such key file");
  if (st.st_mode & 077) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    return core::make_error(core::Errc::refused,
                            path + ": key file permissions " + mode +
                                " are too open; only its owner may read it (chmod 600)");
  }
  auto text = read_file(path);
  if (!text) return std::move(text).error();
  std::string_view line = *text;
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  auto key = ledger::PrivateKey::parse(line);
  if (!key)
    return core::make_error(core::Errc::bad_input,
                            path + ": not a key file: " + key.error().message);
  return key;
}

core::Result<std::pair<std::string, std::string>> key_officer(const ledger::PrivateKey& key) {
  return key_officer(key.public_key());
}

core::Result<std::pair<std::string, std::string>> key_officer(const ledger::PublicKey& key) {
  const std::string& name = key.name;
  const auto slash = name.find('/');
  if (key.type != ledger::KeyType::ed25519 || slash == std::string::npos ||
      !ledger::valid_officer_name(name.substr(slash + 1)))
    return core::make_error(core::Errc::usage,
                            "key " + name +
                                " is not an officer's signing key (made by corridor keygen "
                                "--party P --officer NAME)");
  return std::pair{name.substr(0, slash), name.substr(slash + 1)};
}

}  // namespace corridor::app
