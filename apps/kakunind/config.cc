#include "config.h"

#include <toml++/toml.h>

#include <map>
#include <optional>
#include <set>
#include <sstream>

namespace kakunin::kakunind {
namespace {

constexpr long long kDay = 86400;  // Seconds; long long like TableReader::Int's bounds.

// Reads one table's keys into typed fields; records unknown keys and type errors.
class TableReader {
 public:
  TableReader(const toml::table* table, std::string name) : table_(table), name_(std::move(name)) {}

  template <class T>
  void Int(const char* key, T& out, long long min, long long max) {
    seen_.insert(key);
    if (table_ == nullptr) return;
    const toml::node* node = table_->get(key);
    if (node == nullptr) return;
    // A TOML integer only: toml++'s value<int64_t>() converts a float with an unchecked cast,
    // undefined for 1e40 (UBSan, found by fuzz_kakunind_config).
    const toml::value<int64_t>* integer = node->as_integer();
    std::optional<int64_t> v;
    if (integer != nullptr) v = integer->get();
    if (!v || *v < min || *v > max) {
      Error(key, "an integer from " + std::to_string(min) + " to " + std::to_string(max));
      return;
    }
    out = static_cast<T>(*v);
  }
  void Double(const char* key, double& out, double min, double max) {
    seen_.insert(key);
    if (table_ == nullptr || table_->get(key) == nullptr) return;
    auto v = table_->get(key)->value<double>();
    // !(in range) also refuses nan, which every comparison against the value would let pass.
    if (!v || !(*v >= min && *v <= max)) {
      return Error(key, "a number from " + std::to_string(min) + " to " + std::to_string(max));
    }
    out = *v;
  }
  void Bool(const char* key, bool& out) {
    seen_.insert(key);
    if (table_ == nullptr || table_->get(key) == nullptr) return;
    auto v = table_->get(key)->value<bool>();
    if (!v) return Error(key, "true or false");
    out = *v;
  }
  void String(const char* key, std::string& out) {
    seen_.insert(key);
    if (table_ == nullptr || table_->get(key) == nullptr) return;
    auto v = table_->get(key)->value<std::string>();
    if (!v) return Error(key, "a string");
    out = *v;
  }
  void Strings(const char* key, std::vector<std::string>& out) {
    seen_.insert(key);
    if (table_ == nullptr || table_->get(key) == nullptr) return;
    const toml::array* array = table_->get(key)->as_array();
    if (array == nullptr) return Error(key, "an array of strings");
    out.clear();
    for (const auto& item : *array) {
      auto v = item.value<std::string>();
      if (!v) return Error(key, "an array of strings");
      out.push_back(*v);
    }
  }
  // Call after reading every key: reports keys nobody asked for.
  void CheckUnknown(const std::set<std::string>& subtables = {}) {
    if (table_ == nullptr) return;
    for (const auto& [key, node] : *table_) {
      const std::string k(key.str());
      if (!seen_.count(k) && !subtables.count(k)) error_ = error_.empty() ? "unknown key " + Where(k) : error_;
      // "http = 1" would otherwise leave every [http] default in force without a word.
      if (subtables.count(k) && !node.is_table()) Error(k, "a table");
    }
  }
  const std::string& error() const { return error_; }

 private:
  std::string Where(const std::string& key) const { return name_.empty() ? key : name_ + "." + key; }
  void Error(const std::string& key, const std::string& expected) {
    if (error_.empty()) error_ = Where(key) + " must be " + expected;
  }
  const toml::table* table_;
  std::string name_;
  std::set<std::string> seen_;
  std::string error_;
};

}  // namespace

Config DefaultConfig() {
  Config c;
  c.service.data_dir = "kakunind-data";
  c.service.templates_dir = KAKUNIND_DEFAULT_TEMPLATES_DIR;
  return c;
}

Result<void> ParseListen(const std::string& listen, HttpOptions& http) {
  const size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) return Fail(ErrorCode::kInvalidArgument, "listen must be HOST:PORT");
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  const std::string port = listen.substr(colon + 1);
  if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos ||
      std::stoi(port) > 65535) {
    return Fail(ErrorCode::kInvalidArgument, "listen port must be 0 to 65535");
  }
  http.host = host;
  http.port = std::stoi(port);
  return {};
}

Result<void> LoadConfigFile(const std::string& path, Config& c) {
  toml::table root;
  try {
    root = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    std::ostringstream where;
    where << e.source().begin;
    return Fail(ErrorCode::kParse, path + ": " + std::string(e.description()) + " at " + where.str());
  }
  auto& s = c.service;
  std::string listen;
  std::vector<std::string> errors;
  {
    TableReader r(&root, "");
    r.String("listen", listen);
    r.String("data_dir", s.data_dir);
    r.String("templates_dir", s.templates_dir);
    r.String("database", c.database);
    r.CheckUnknown({"http", "mail", "codes", "resend", "login", "passwords", "totp", "sessions", "sqlite", "dkim", "delivery", "stuffing", "alerts", "store"});
    errors.push_back(r.error());
  }
  {
    TableReader r(root["http"].as_table(), "http");
    r.Int("threads", c.http.threads, 1, 1024);
    r.Strings("trusted_proxies", c.http.trusted_proxies);
    r.Bool("cookie_secure", c.http.cookie_secure);
    r.Int("max_body_bytes", c.http.max_body_bytes, 1024, 1 << 20);
    r.Bool("access_log", c.http.access_log);
    r.Bool("metrics", c.http.metrics);
    r.CheckUnknown();
    errors.push_back(r.error());
  }
  {
    TableReader r(root["mail"].as_table(), "mail");
    r.String("service_name", s.mail.service_name);
    r.String("from_address", s.mail.from_address);
    r.String("base_url", s.mail.base_url);
    r.String("default_language", s.mail.default_language);
    r.CheckUnknown();
    errors.push_back(r.error());
  }
  {
    TableReader r(root["codes"].as_table(), "codes");
    r.Int("digits", s.codes.digits, 6, 10);
    r.Int("ttl_seconds", s.codes.ttl_seconds, 60, 86400);
    r.Int("max_attempts", s.codes.max_attempts, 1, 10);
    r.Int("account_budget", s.codes.account_budget, 1, 100);  // NIST SP 800-63B 5.2.2: at most 100.
    r.Int("budget_window_seconds", s.codes.budget_window_seconds, 60, 30 * kDay);
    r.Int("lock_base_seconds", s.codes.lock_base_seconds, 0, 365 * kDay);
    r.Int("lock_max_seconds", s.codes.lock_max_seconds, 0, 365 * kDay);
    r.CheckUnknown();
    errors.push_back(r.error());
  }
  {
    TableReader r(root["resend"].as_table(), "resend");
    r.Int("address_min_interval_seconds", s.resend.address_min_interval_seconds, 0, 86400);
    r.Int("address_per_hour", s.resend.address_per_hour, 0, 1000);
    r.Int("ip_per_hour", s.resend.ip_per_hour, 0, 1000000);
    r.CheckUnknown();
    errors.push_back(r.error());
  }
  {
    TableReader r(root["login"].as_table(), "login");
    r.Int("account_failures", s.login.account_failures, 1, 100);
    r.Int("account_window_seconds", s.login.account_window_seconds, 60, 30 * kDay);
    r.Int("ip_failures", s.login.ip_failures, 1, 1000000);
    r.Int("ip_window_seconds", s.login.ip_window_seconds, 60, 30 * kDay);
    r.Int("lock_base_seconds", s.login.lock_base_seconds, 0, 365 * kDay);
    r.Int("lock_max_seconds", s.login.lock_max_seconds, 0, 365 * kDay);
    r.Bool("require_two_step", s.login.require_two_step);
    r.CheckUnknown();
    errors.push_back(r.error());
  }
  {
    TableReader r(root["stuffing"].as_table(), "stuffing");
    auto& st = s.stuffing;
    r.Int("network_failures", st.network_failures, 0, 10000000);
    r.Int("network_window_seconds", st.network_window_seconds, 60, 30 * kDay);
    r.Int("ipv4_prefix", st.ipv4_prefix, 8, 32);
    r.Int("ipv6_prefix", st.ipv6_prefix, 16, 128);
    r.Int("spike_failures", st.spike_failures, 0, 100000000);
    r.Int("spike_window_seconds", st.spike_window_seconds, 10, 86400);
    r.Int("spike_hold_seconds", st.spike_hold_seconds, 0, 86400);
    r.Int("slow_ip_failures", st.slow_ip_failures, 0, 1000000);
    r.Int("slow_network_failures", st.slow_network_failures, 0, 10000000);
    r.Int("slow_window_seconds", st.slow_window_seconds, 10, 86400);
    r.Int("slow_delay_ms", st.slow_delay_ms, 0, service::kMaxSlowDelayMs);
    r.Bool("breached_step_up", st.breached_step_up);
    r.CheckUnknown();
    errors.push_back(r.error());
  }
  {
    TableReader r(root["alerts"].as_table(), "alerts");
    r.Bool("new_sign_in", s.alerts.new_sign_in);
    r.Int("per_hour", s.alerts.per_hour, 1, 1000);
    r.CheckUnknown();
    errors.push_back(r.error());
  }
  {
    TableReader r(root["passwords"].as_table(), "passwords");
    r.Int("min_length", s.passwords.min_length, 8, 64);
    r.Int("max_length", s.passwords.max_length, 64, 4096);
    r.Double("min_entropy_bits", s.passwords.min_entropy_bits, 0, 1000);
    r.String("breach_database", s.passwords.breach_database);
    r.Int("argon2_opslimit", s.passwords.argon2_opslimit, 1, 100);
    size_t kib = s.passwords.argon2_memlimit / 1024;
    r.Int("argon2_memlimit_kib", kib, 8, 4LL * 1024 * 1024);
    s.passwords.argon2_memlimit = kib * 1024;
    r.CheckUnknown();
    errors.push_back(r.error());
  }
  {
    TableReader r(root["totp"].as_table(), "totp");
    r.String("issuer", s.totp.issuer);
    r.String("algorithm", s.totp.algorithm);  // Checked by FinishConfig.
    r.Int("digits", s.totp.digits, 6, 8);
    r.Int("period", s.totp.period, 15, 300);
    r.CheckUnknown();
    errors.push_back(r.error());
  }
  {
    TableReader r(root["sessions"].as_table(), "sessions");
    r.Int("ttl_seconds", s.session_ttl_seconds, 60, 365 * kDay);
    r.CheckUnknown();
    errors.push_back(r.error());
  }
  {
    TableReader r(root["sqlite"].as_table(), "sqlite");
    std::string durability = "process-crash";
    r.String("durability", durability);
    r.Int("busy_timeout_ms", c.sqlite.busy_timeout_ms, 0, 600000);
    r.CheckUnknown();
    errors.push_back(r.error());
    if (durability == "power-loss") {
      c.sqlite.durability = store::Durability::kPowerLoss;
    } else if (durability != "process-crash") {
      errors.push_back("sqlite.durability must be \"process-crash\" or \"power-loss\"");
    }
  }
  {
    TableReader r(root["store"].as_table(), "store");
    r.String("engine", c.store.engine);
    r.CheckUnknown({"redis", "postgresql"});
    errors.push_back(r.error());
    if (c.store.engine != "sqlite" && c.store.engine != "redis+postgresql") {
      errors.push_back("store.engine must be \"sqlite\" or \"redis+postgresql\"");
    }
    const toml::table* store = root["store"].as_table();
    TableReader redis(store ? (*store)["redis"].as_table() : nullptr, "store.redis");
    redis.String("host", c.store.redis.host);
    redis.Int("port", c.store.redis.port, 1, 65535);
    redis.Int("database", c.store.redis.database, 0, 1 << 20);
    redis.Int("connections", c.store.redis.connections, 1, 1024);
    redis.Int("timeout_ms", c.store.redis.timeout_ms, 1, 600000);
    redis.String("key_prefix", c.store.redis.key_prefix);
    redis.String("password_env", c.store.redis_password_env);
    redis.CheckUnknown();
    errors.push_back(redis.error());
    TableReader pg(store ? (*store)["postgresql"].as_table() : nullptr, "store.postgresql");
    pg.String("conninfo", c.store.postgres.conninfo);
    pg.Int("connections", c.store.postgres.connections, 1, 1024);
    pg.CheckUnknown();
    errors.push_back(pg.error());
  }
  {
    TableReader r(root["dkim"].as_table(), "dkim");
    r.Bool("enabled", c.dkim.enabled);
    r.String("selector", c.dkim.selector);
    r.String("algorithm", c.dkim.algorithm);
    r.String("domain", c.dkim.domain);
    r.CheckUnknown();
    errors.push_back(r.error());
  }
  {
    TableReader r(root["delivery"].as_table(), "delivery");
    auto& d = c.delivery;
    r.String("smtp_url", d.smtp_url);
    r.Bool("starttls", d.starttls);
    r.String("username", d.username);
    r.String("password_env", d.password_env);
    r.String("mail_from", d.mail_from);
    r.String("ca_file", d.ca_file);
    r.Int("timeout_seconds", d.timeout_seconds, 1, 600);
    r.Int("retry_base_seconds", d.retry_base_seconds, 1, 86400);
    r.Int("retry_max_seconds", d.retry_max_seconds, 1, 86400);
    r.Int("give_up_seconds", d.give_up_seconds, 60, 30 * kDay);
    r.Int("poll_milliseconds", d.poll_milliseconds, 10, 60000);
    r.String("sms_webhook_url", d.sms_webhook_url);
    r.String("sms_token_env", d.sms_token_env);
    r.CheckUnknown();
    errors.push_back(r.error());
  }
  for (const auto& e : errors) {
    if (!e.empty()) return Fail(ErrorCode::kInvalidArgument, path + ": " + e);
  }
  if (!listen.empty()) {
    if (auto parsed = ParseListen(listen, c.http); !parsed) {
      return Fail(ErrorCode::kInvalidArgument, path + ": " + parsed.error().message);
    }
  }
  return {};
}

Result<void> FinishConfig(Config& c) {
  if (c.service.data_dir.empty()) return Fail(ErrorCode::kInvalidArgument, "data_dir is empty");
  if (c.database.empty()) c.database = c.service.data_dir + "/kakunind.db";
  if (c.store.engine == "redis+postgresql" && c.store.postgres.conninfo.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "store.postgresql.conninfo is needed with engine redis+postgresql");
  }
  const std::string& totp = c.service.totp.algorithm;
  if (totp != "SHA1" && totp != "SHA256" && totp != "SHA512") {
    return Fail(ErrorCode::kInvalidArgument, "totp.algorithm must be SHA1, SHA256 or SHA512");
  }
  if (c.dkim.algorithm != "ed25519" && c.dkim.algorithm != "rsa") {
    return Fail(ErrorCode::kInvalidArgument, "dkim.algorithm must be ed25519 or rsa");
  }
  if (c.dkim.domain.empty()) {
    const std::string& from = c.service.mail.from_address;
    c.dkim.domain = from.substr(from.rfind('@') + 1);
  }
  return service::CheckCidrs(c.http.trusted_proxies);
}

}  // namespace kakunin::kakunind
