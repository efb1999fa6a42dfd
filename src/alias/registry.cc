// The alias registry in SQLite. Every statement is prepared with bound parameters: addresses
// and service names come from the user and from mail headers, never spliced into SQL text.
#include <sqlite3.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <utility>

#include "kakunin/alias.h"

namespace kakunin::alias {
namespace {

constexpr int kSchemaVersion = 1;
constexpr int kApplicationId = 0x4B4B4E41;  // "KKNA": marks the file as a kakunin alias registry.
constexpr int kBusyTimeoutMs = 5000;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS aliases (
  id          INTEGER PRIMARY KEY,
  address     TEXT NOT NULL,
  normalized  TEXT NOT NULL UNIQUE,
  mailbox     TEXT NOT NULL,
  service     TEXT NOT NULL,
  provider    TEXT NOT NULL,
  created_at  INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS aliases_service ON aliases(service);
)sql";

constexpr const char* kColumns = "id, address, normalized, mailbox, service, provider, created_at";

struct StmtDeleter {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using Stmt = std::unique_ptr<sqlite3_stmt, StmtDeleter>;

std::string Text(sqlite3_stmt* s, int col) {
  const unsigned char* t = sqlite3_column_text(s, col);
  return t != nullptr ? std::string(reinterpret_cast<const char*>(t), sqlite3_column_bytes(s, col)) : std::string();
}

AliasRecord ReadRow(sqlite3_stmt* s) {
  AliasRecord r;
  r.id = sqlite3_column_int64(s, 0);
  r.address = Text(s, 1);
  r.normalized = Text(s, 2);
  r.mailbox = Text(s, 3);
  r.service = Text(s, 4);
  r.provider = Text(s, 5);
  r.created_at = sqlite3_column_int64(s, 6);
  return r;
}

void Bind(sqlite3_stmt* s, int index, std::string_view text) {
  sqlite3_bind_text(s, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}

}  // namespace

struct Registry::Impl {
  sqlite3* db = nullptr;
  ~Impl() { sqlite3_close_v2(db); }

  tl::unexpected<Error> SqlError(std::string_view what) const {
    return Fail(ErrorCode::kIo, std::string(what) + ": " + sqlite3_errmsg(db));
  }

  Result<Stmt> Prepare(const std::string& sql) const {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) != SQLITE_OK) return SqlError("alias registry");
    return Stmt(s);
  }

  Result<int> PragmaInt(const char* name) const {
    auto s = Prepare(std::string("PRAGMA ") + name);
    if (!s) return tl::unexpected(s.error());
    if (sqlite3_step(s->get()) != SQLITE_ROW) return SqlError(name);
    return sqlite3_column_int(s->get(), 0);
  }
};

Registry::Registry(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Registry::Registry(Registry&&) noexcept = default;
Registry& Registry::operator=(Registry&&) noexcept = default;
Registry::~Registry() = default;

Result<Registry> Registry::Open(const std::string& path) {
  auto impl = std::make_unique<Impl>();
  int rc = sqlite3_open_v2(path.c_str(), &impl->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = impl->db != nullptr ? sqlite3_errmsg(impl->db) : "out of memory";
    return Fail(ErrorCode::kIo, "cannot open alias registry " + path + ": " + msg);
  }
  sqlite3_busy_timeout(impl->db, kBusyTimeoutMs);
  auto app_id = impl->PragmaInt("application_id");
  if (!app_id) return Fail(ErrorCode::kIo, path + " is not an alias registry: " + app_id.error().message);
  auto version = impl->PragmaInt("user_version");
  if (!version) return tl::unexpected(version.error());
  if (*app_id != 0 && *app_id != kApplicationId) {
    return Fail(ErrorCode::kIo, path + " is an SQLite file of another program, not a kakunin alias registry");
  }
  if (*version > kSchemaVersion) {
    return Fail(ErrorCode::kIo, path + " was written by a newer kakunin (schema " + std::to_string(*version) + ")");
  }
  if (*app_id == 0) {
    // A new file, or an empty one: create the schema and mark the file as ours.
    std::string setup = std::string(kSchema) + "PRAGMA application_id = " + std::to_string(kApplicationId) +
                        ";\nPRAGMA user_version = " + std::to_string(kSchemaVersion) + ";\n";
    char* err = nullptr;
    if (sqlite3_exec(impl->db, setup.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      std::string msg = err != nullptr ? err : "unknown error";
      sqlite3_free(err);
      return Fail(ErrorCode::kIo, "cannot create alias registry " + path + ": " + msg);
    }
  }
  return Registry(std::move(impl));
}

Result<AliasRecord> Registry::Add(const NewAlias& alias, std::string_view service, int64_t now) {
  auto existing = Find(alias.normalized.address);
  if (!existing) return tl::unexpected(existing.error());
  if (existing->has_value()) {
    return Fail(ErrorCode::kInvalidArgument, (*existing)->address + " is already registered for " +
                                                 (*existing)->service);
  }
  auto s = impl_->Prepare(
      "INSERT INTO aliases (address, normalized, mailbox, service, provider, created_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING " + std::string(kColumns));
  if (!s) return tl::unexpected(s.error());
  Bind(s->get(), 1, alias.address);
  Bind(s->get(), 2, alias.normalized.address);
  Bind(s->get(), 3, alias.normalized.mailbox);
  Bind(s->get(), 4, service);
  Bind(s->get(), 5, alias.normalized.provider);
  sqlite3_bind_int64(s->get(), 6, now);
  if (sqlite3_step(s->get()) != SQLITE_ROW) return impl_->SqlError("cannot add alias");
  AliasRecord record = ReadRow(s->get());
  if (sqlite3_step(s->get()) != SQLITE_DONE) return impl_->SqlError("cannot add alias");
  return record;
}

Result<std::vector<AliasRecord>> Registry::List() const {
  auto s = impl_->Prepare("SELECT " + std::string(kColumns) + " FROM aliases ORDER BY created_at, id");
  if (!s) return tl::unexpected(s.error());
  std::vector<AliasRecord> out;
  int rc;
  while ((rc = sqlite3_step(s->get())) == SQLITE_ROW) out.push_back(ReadRow(s->get()));
  if (rc != SQLITE_DONE) return impl_->SqlError("cannot list aliases");
  return out;
}

Result<std::optional<AliasRecord>> Registry::Find(std::string_view normalized) const {
  auto s = impl_->Prepare("SELECT " + std::string(kColumns) + " FROM aliases WHERE normalized = ?1");
  if (!s) return tl::unexpected(s.error());
  Bind(s->get(), 1, normalized);
  int rc = sqlite3_step(s->get());
  if (rc == SQLITE_DONE) return std::optional<AliasRecord>();
  if (rc != SQLITE_ROW) return impl_->SqlError("cannot look up alias");
  return std::optional<AliasRecord>(ReadRow(s->get()));
}

Result<std::optional<AliasRecord>> Registry::Which(const ProviderRules& rules, std::string_view address) const {
  auto parsed = ParseAddress(address);
  if (!parsed) return tl::unexpected(parsed.error());
  return Find(Normalize(rules, *parsed).address);
}

Result<std::string> DefaultRegistryPath() {
  const char* data_home = std::getenv("XDG_DATA_HOME");
  // XDG Base Directory 0.8: a relative $XDG_DATA_HOME is invalid and must be ignored.
  if (data_home != nullptr && data_home[0] == '/') return std::string(data_home) + "/kakunin/aliases.sqlite";
  const char* home = std::getenv("HOME");
  if (home != nullptr && home[0] != '\0') return std::string(home) + "/.local/share/kakunin/aliases.sqlite";
  return Fail(ErrorCode::kNotFound, "neither XDG_DATA_HOME nor HOME is set; pass --db FILE");
}

}  // namespace kakunin::alias
