// Authenticator-app secrets and recovery codes in PostgreSQL. CheckTotp locks the secret's row
// (SELECT ... FOR UPDATE) before it compares, so the replay rule (the last accepted step only
// moves forward) and the single use of a recovery code hold across threads and nodes: a second
// check of the same step waits for the first to commit and then reads the moved last_step.
#include <utility>

#include "store/pg_store.h"

namespace kakunin::store::internal {
namespace {

constexpr const char* kTotpColumns =
    "SELECT sealed_secret, algorithm, digits, period, confirmed, last_step, created_at FROM totp "
    "WHERE account_id = $1";

// The account's secret; with `lock`, its row stays locked until the transaction ends.
Result<std::optional<TotpSecret>> ReadTotp(PgConn& conn, int64_t account_id, bool lock) {
  auto rows = conn.Exec(std::string(kTotpColumns) + (lock ? " FOR UPDATE" : ""), {account_id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->Rows() == 0) return std::optional<TotpSecret>();
  TotpSecret t;
  t.account_id = account_id;
  t.sealed_secret = rows->Text(0, 0);
  t.algorithm = rows->Text(0, 1);
  auto digits = rows->Int(0, 2);
  auto period = rows->Int(0, 3);
  auto confirmed = rows->Bool(0, 4);
  auto last_step = rows->Int(0, 5);
  auto created_at = rows->Int(0, 6);
  if (!digits) return tl::unexpected(digits.error());
  if (!period) return tl::unexpected(period.error());
  if (!confirmed) return tl::unexpected(confirmed.error());
  if (!last_step) return tl::unexpected(last_step.error());
  if (!created_at) return tl::unexpected(created_at.error());
  t.digits = static_cast<int>(*digits);
  t.period = *period;
  t.confirmed = *confirmed;
  t.last_step = *last_step;
  t.created_at = *created_at;
  return std::optional<TotpSecret>(std::move(t));
}

Result<void> StoreRecoveryCodes(PgConn& conn, int64_t account_id, const std::vector<std::string>& hashes) {
  auto cleared = conn.Exec("DELETE FROM recovery_codes WHERE account_id = $1", {account_id});
  if (!cleared) return tl::unexpected(cleared.error());
  for (const auto& hash : hashes) {
    auto added = conn.Exec(
        "INSERT INTO recovery_codes(account_id, code_hash) VALUES($1, $2) ON CONFLICT DO NOTHING",
        {account_id, hash});
    if (!added) return tl::unexpected(added.error());
  }
  return {};
}

}  // namespace

Result<bool> PostgresStore::PutTotp(const TotpSecret& t) {
  return pool_->Transaction<bool>([&](PgConn& conn) -> Result<bool> {
    // One statement: an unconfirmed enrolment is replaced, a confirmed one left alone (the
    // conditional DO UPDATE then changes no row).
    auto done = conn.Exec(
        "INSERT INTO totp(account_id, sealed_secret, algorithm, digits, period, confirmed, last_step, "
        "created_at) VALUES($1, $2, $3, $4, $5, false, $6, $7) ON CONFLICT(account_id) DO UPDATE SET "
        "sealed_secret = excluded.sealed_secret, algorithm = excluded.algorithm, digits = excluded.digits, "
        "period = excluded.period, confirmed = false, last_step = excluded.last_step, "
        "created_at = excluded.created_at WHERE NOT totp.confirmed",
        {t.account_id, t.sealed_secret, t.algorithm, t.digits, t.period, t.last_step, t.created_at});
    if (!done) return tl::unexpected(done.error());
    return done->Affected() == 1;
  });
}

Result<std::optional<TotpSecret>> PostgresStore::FindTotp(int64_t account_id) {
  return pool_->Read<std::optional<TotpSecret>>(
      [&](PgConn& conn) { return ReadTotp(conn, account_id, /*lock=*/false); });
}

Result<bool> PostgresStore::ReplaceRecoveryCodes(int64_t account_id, const std::vector<std::string>& hashes) {
  return pool_->Transaction<bool>([&](PgConn& conn) -> Result<bool> {
    auto secret = ReadTotp(conn, account_id, /*lock=*/true);
    if (!secret) return tl::unexpected(secret.error());
    if (!secret->has_value() || !(*secret)->confirmed) return false;
    auto stored = StoreRecoveryCodes(conn, account_id, hashes);
    if (!stored) return tl::unexpected(stored.error());
    return true;
  });
}

Result<TotpCheckResult> PostgresStore::CheckTotp(const TotpCheck& check) {
  return pool_->Transaction<TotpCheckResult>([&](PgConn& conn) -> Result<TotpCheckResult> {
    TotpCheckResult result;
    auto secret = ReadTotp(conn, check.account_id, /*lock=*/true);
    if (!secret) return tl::unexpected(secret.error());
    // Sign-in needs a confirmed secret; confirmation an unconfirmed one.
    if (!secret->has_value() || (*secret)->confirmed != check.login) return result;
    const std::optional<int64_t> step = check.match(**secret);
    if (step && *step > (*secret)->last_step) {
      auto moved = conn.Exec("UPDATE totp SET last_step = $2, confirmed = true WHERE account_id = $1",
                             {check.account_id, *step});
      if (!moved) return tl::unexpected(moved.error());
      result.accepted = true;
    } else if (check.login && !check.recovery_hash.empty()) {
      // Looked up by its keyed hash: without the server key the lookup's timing tells nothing.
      auto used = conn.Exec("DELETE FROM recovery_codes WHERE account_id = $1 AND code_hash = $2",
                            {check.account_id, check.recovery_hash});
      if (!used) return tl::unexpected(used.error());
      result.accepted = result.used_recovery_code = used->Affected() == 1;
    }
    if (!result.accepted) return result;
    if (!check.login) {
      auto stored = StoreRecoveryCodes(conn, check.account_id, check.new_recovery_hashes);
      if (!stored) return tl::unexpected(stored.error());
    }
    auto left = conn.Exec("SELECT count(*) FROM recovery_codes WHERE account_id = $1", {check.account_id});
    if (!left) return tl::unexpected(left.error());
    auto count = left->Int(0, 0);
    if (!count) return tl::unexpected(count.error());
    result.recovery_codes_left = static_cast<int>(*count);
    return result;
  });
}

}  // namespace kakunin::store::internal
