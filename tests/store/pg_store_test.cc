// The PostgreSQL half of the multi-node store against a real PostgreSQL server (one per test
// binary, one database per test): accounts, TOTP secrets and recovery codes with the SQLite
// store's semantics, the replay rule and single-use recovery codes raced from two store objects
// ("two nodes"), migrations (idempotent, concurrent, newer schema refused), retries on
// serialisation failures, and recovery after a server restart.
#include <atomic>
#include <barrier>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "store/pg_client.h"
#include "store/pg_store.h"
#include "testing/postgres_server.h"

namespace kakunin::store::internal {
namespace {

constexpr int64_t kNow = 1'800'000'000;

class PgStoreTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = &kakunin::testing::PostgresServer::Shared(); }

  void SetUp() override {
    KAKUNIN_REQUIRE_POSTGRES(*server_);
    static int databases = 0;
    dbname_ = "kakunin_test_" + std::to_string(++databases);
    conninfo_ = server_->CreateDatabase(dbname_);
    ASSERT_FALSE(conninfo_.empty());
    store_ = OpenStore();
    ASSERT_NE(store_, nullptr);
  }

  std::unique_ptr<PostgresStore> OpenStore(int connections = 4) {
    auto store = PostgresStore::Open(PostgresOptions{conninfo_, connections});
    EXPECT_TRUE(store.has_value()) << store.error().ToString();
    return store ? std::move(*store) : nullptr;
  }

  // One value from the test database, read past the store (to see what it really wrote).
  int64_t Count(const std::string& sql) {
    auto conn = PgConn::Connect(conninfo_);
    EXPECT_TRUE(conn.has_value()) << conn.error().ToString();
    if (!conn) return -1;
    auto rows = (*conn)->Exec(sql);
    EXPECT_TRUE(rows.has_value()) << rows.error().ToString();
    if (!rows) return -1;
    auto n = rows->Int(0, 0);
    EXPECT_TRUE(n.has_value());
    return n ? *n : -1;
  }

  int64_t NewAccount(const std::string& email) {
    Account a;
    a.email = email;
    a.password_hash = "$argon2id$x";
    a.language = "ja";
    a.created_at = kNow;
    auto id = store_->CreateAccount(a);
    EXPECT_TRUE(id.has_value() && id->has_value());
    return id && *id ? **id : 0;
  }

  static TotpSecret Secret(int64_t account_id, const std::string& sealed) {
    TotpSecret t;
    t.account_id = account_id;
    t.sealed_secret = sealed;
    t.created_at = kNow;
    return t;
  }

  // A check whose match() returns `step` (nullopt: the code was wrong).
  static TotpCheck Check(int64_t account_id, bool login, std::optional<int64_t> step) {
    TotpCheck c;
    c.account_id = account_id;
    c.login = login;
    c.match = [step](const TotpSecret&) { return step; };
    return c;
  }

  // Puts and confirms a secret (step 10) with recovery codes R1..R3.
  void Enrol(int64_t id) {
    ASSERT_TRUE(*store_->PutTotp(Secret(id, "S")));
    TotpCheck confirm = Check(id, /*login=*/false, 10);
    confirm.new_recovery_hashes = {"R1", "R2", "R3"};
    auto confirmed = store_->CheckTotp(confirm);
    ASSERT_TRUE(confirmed.has_value()) << confirmed.error().ToString();
    ASSERT_TRUE(confirmed->accepted);
  }

  static kakunin::testing::PostgresServer* server_;
  std::string dbname_;
  std::string conninfo_;
  std::unique_ptr<PostgresStore> store_;
};

kakunin::testing::PostgresServer* PgStoreTest::server_ = nullptr;

TEST_F(PgStoreTest, CreateFindAndDuplicateAccounts) {
  Account a;
  a.email = "a@example.com";
  a.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA";
  a.language = "ja";
  a.two_step = "sms";
  a.phone = "+819012345678";
  a.created_at = kNow;
  auto id = store_->CreateAccount(a);
  ASSERT_TRUE(id.has_value()) << id.error().ToString();
  ASSERT_TRUE(id->has_value());
  EXPECT_FALSE(store_->CreateAccount(a)->has_value());  // Address taken.

  auto found = store_->FindAccountByEmail("a@example.com");
  ASSERT_TRUE(found.has_value() && found->has_value());
  const Account& f = **found;
  EXPECT_EQ(f.id, **id);
  EXPECT_EQ(f.email, a.email);
  EXPECT_EQ(f.password_hash, a.password_hash);
  EXPECT_EQ(f.language, "ja");
  EXPECT_EQ(f.two_step, "sms");
  EXPECT_EQ(f.phone, a.phone);
  EXPECT_EQ(f.created_at, kNow);
  EXPECT_EQ(store_->FindAccount(**id)->value().email, "a@example.com");
  EXPECT_FALSE(store_->FindAccount(**id + 1000)->has_value());
  EXPECT_FALSE(store_->FindAccountByEmail("b@example.com")->has_value());

  ASSERT_TRUE(store_->SetPasswordHash(**id, "$argon2id$new").has_value());
  EXPECT_EQ(store_->FindAccount(**id)->value().password_hash, "$argon2id$new");

  // Non-ASCII text survives the round trip (UTF-8 database, text parameters).
  a.email = "\xe5\xb1\xb1\xe7\x94\xb0@example.jp";
  auto second = store_->CreateAccount(a);
  ASSERT_TRUE(second.has_value() && second->has_value());
  EXPECT_NE(**second, **id);
  EXPECT_EQ(store_->FindAccount(**second)->value().email, a.email);
}

TEST_F(PgStoreTest, SetEmailRefusesAnAddressInUse) {
  const int64_t a = NewAccount("a@example.com");
  const int64_t b = NewAccount("b@example.com");
  EXPECT_FALSE(*store_->SetEmail(a, "b@example.com"));
  EXPECT_EQ(store_->FindAccount(a)->value().email, "a@example.com");
  EXPECT_TRUE(*store_->SetEmail(a, "c@example.com"));
  EXPECT_FALSE(store_->FindAccountByEmail("a@example.com")->has_value());
  EXPECT_EQ(store_->FindAccountByEmail("c@example.com")->value().id, a);
  EXPECT_TRUE(*store_->SetEmail(b, "a@example.com"));  // The old address is free again.
  EXPECT_FALSE(*store_->SetEmail(a + b + 1000, "z@example.com"));  // No such account.
}

TEST_F(PgStoreTest, ConcurrentSetEmailToOneAddressSucceedsOnce) {
  constexpr int kAccounts = 8;
  std::vector<int64_t> ids;
  for (int i = 0; i < kAccounts; ++i) ids.push_back(NewAccount("u" + std::to_string(i) + "@example.com"));
  std::atomic<int> taken{0}, refused{0}, failed{0};
  std::barrier start(kAccounts);
  std::vector<std::thread> threads;
  for (int i = 0; i < kAccounts; ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      auto r = store_->SetEmail(ids[static_cast<size_t>(i)], "shared@example.com");
      if (!r) ++failed;
      else if (*r) ++taken;
      else ++refused;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failed, 0);
  EXPECT_EQ(taken, 1);
  EXPECT_EQ(refused, kAccounts - 1);
}

TEST_F(PgStoreTest, TwoStepOtherThanTotpDeletesSecretAndRecoveryCodes) {
  const int64_t id = NewAccount("a@example.com");
  const int64_t other = NewAccount("b@example.com");
  ASSERT_NO_FATAL_FAILURE(Enrol(id));
  ASSERT_TRUE(*store_->PutTotp(Secret(other, "T")));
  ASSERT_TRUE(store_->SetTwoStep(id, "totp", "").has_value());
  EXPECT_TRUE(store_->FindTotp(id)->has_value());
  EXPECT_EQ(Count("SELECT count(*) FROM recovery_codes"), 3);

  ASSERT_TRUE(store_->SetTwoStep(id, "sms", "+819012345678").has_value());
  const Account a = store_->FindAccount(id)->value();
  EXPECT_EQ(a.two_step, "sms");
  EXPECT_EQ(a.phone, "+819012345678");
  EXPECT_FALSE(store_->FindTotp(id)->has_value());
  EXPECT_EQ(Count("SELECT count(*) FROM recovery_codes"), 0);
  EXPECT_TRUE(store_->FindTotp(other)->has_value());  // Another account's enrolment stays.
}

TEST_F(PgStoreTest, PutFindAndReplaceRecoveryCodes) {
  const int64_t id = NewAccount("a@example.com");
  EXPECT_FALSE(store_->FindTotp(id)->has_value());
  TotpSecret s = Secret(id, "S1");
  s.algorithm = "SHA256";
  s.digits = 8;
  s.period = 60;
  s.confirmed = true;  // Ignored: a put enrolment is unconfirmed.
  ASSERT_TRUE(*store_->PutTotp(s));
  auto found = store_->FindTotp(id);
  ASSERT_TRUE(found.has_value() && found->has_value());
  EXPECT_EQ((*found)->account_id, id);
  EXPECT_EQ((*found)->sealed_secret, "S1");
  EXPECT_EQ((*found)->algorithm, "SHA256");
  EXPECT_EQ((*found)->digits, 8);
  EXPECT_EQ((*found)->period, 60);
  EXPECT_FALSE((*found)->confirmed);
  EXPECT_EQ((*found)->last_step, -1);
  EXPECT_EQ((*found)->created_at, kNow);

  ASSERT_TRUE(*store_->PutTotp(Secret(id, "S2")));  // Unconfirmed: replaced.
  EXPECT_EQ(store_->FindTotp(id)->value().sealed_secret, "S2");
  EXPECT_EQ(store_->FindTotp(id)->value().algorithm, "SHA1");
  EXPECT_FALSE(*store_->ReplaceRecoveryCodes(id, {"X"}));  // Not confirmed yet.
  EXPECT_EQ(Count("SELECT count(*) FROM recovery_codes"), 0);

  TotpCheck confirm = Check(id, /*login=*/false, 5);
  confirm.new_recovery_hashes = {"R1", "R2"};
  ASSERT_TRUE(store_->CheckTotp(confirm)->accepted);
  EXPECT_FALSE(*store_->PutTotp(Secret(id, "S3")));  // Confirmed: left alone.
  EXPECT_EQ(store_->FindTotp(id)->value().sealed_secret, "S2");
  EXPECT_TRUE(store_->FindTotp(id)->value().confirmed);

  EXPECT_TRUE(*store_->ReplaceRecoveryCodes(id, {"N1", "N2", "N3", "N3"}));
  EXPECT_EQ(Count("SELECT count(*) FROM recovery_codes"), 3);  // The duplicate stored once.
  EXPECT_EQ(Count("SELECT count(*) FROM recovery_codes WHERE code_hash LIKE 'R%'"), 0);
  EXPECT_FALSE(*store_->ReplaceRecoveryCodes(id + 1000, {"N1"}));  // No secret.
}

TEST_F(PgStoreTest, CheckTotpConfirmLoginReplayAndRecoveryCodes) {
  const int64_t id = NewAccount("a@example.com");
  // Nothing to check yet.
  EXPECT_FALSE(store_->CheckTotp(Check(id, /*login=*/false, 1))->accepted);
  ASSERT_TRUE(*store_->PutTotp(Secret(id, "S")));
  // Sign-in is not possible before confirmation; a wrong code does not confirm.
  EXPECT_FALSE(store_->CheckTotp(Check(id, /*login=*/true, 10))->accepted);
  EXPECT_FALSE(store_->CheckTotp(Check(id, /*login=*/false, std::nullopt))->accepted);
  EXPECT_FALSE(store_->FindTotp(id)->value().confirmed);

  TotpCheck confirm = Check(id, /*login=*/false, 10);
  confirm.new_recovery_hashes = {"R1", "R2", "R3"};
  auto confirmed = store_->CheckTotp(confirm);
  ASSERT_TRUE(confirmed.has_value()) << confirmed.error().ToString();
  EXPECT_TRUE(confirmed->accepted);
  EXPECT_FALSE(confirmed->used_recovery_code);
  EXPECT_EQ(confirmed->recovery_codes_left, 3);
  EXPECT_TRUE(store_->FindTotp(id)->value().confirmed);
  EXPECT_EQ(store_->FindTotp(id)->value().last_step, 10);
  EXPECT_FALSE(store_->CheckTotp(confirm)->accepted);  // Confirming twice: it is confirmed.

  EXPECT_FALSE(store_->CheckTotp(Check(id, true, 10))->accepted);  // Replay of the confirming step.
  EXPECT_FALSE(store_->CheckTotp(Check(id, true, 9))->accepted);   // Older.
  auto login = store_->CheckTotp(Check(id, true, 11));
  ASSERT_TRUE(login.has_value());
  EXPECT_TRUE(login->accepted);
  EXPECT_FALSE(login->used_recovery_code);
  EXPECT_EQ(login->recovery_codes_left, 3);
  EXPECT_FALSE(store_->CheckTotp(Check(id, true, 11))->accepted);  // A step is accepted once.
  EXPECT_EQ(store_->FindTotp(id)->value().last_step, 11);

  TotpCheck recovery = Check(id, true, std::nullopt);
  recovery.recovery_hash = "R2";
  auto used = store_->CheckTotp(recovery);
  ASSERT_TRUE(used.has_value());
  EXPECT_TRUE(used->accepted);
  EXPECT_TRUE(used->used_recovery_code);
  EXPECT_EQ(used->recovery_codes_left, 2);
  EXPECT_FALSE(store_->CheckTotp(recovery)->accepted);  // Used once already.
  recovery.recovery_hash = "R9";
  EXPECT_FALSE(store_->CheckTotp(recovery)->accepted);  // Never issued.
  // A right code wins over an offered recovery code, which then stays unused.
  TotpCheck both = Check(id, true, 12);
  both.recovery_hash = "R1";
  auto code_won = store_->CheckTotp(both);
  EXPECT_TRUE(code_won->accepted);
  EXPECT_FALSE(code_won->used_recovery_code);
  EXPECT_EQ(code_won->recovery_codes_left, 2);
  // Confirmed: a new enrolment does not replace the secret.
  EXPECT_FALSE(*store_->PutTotp(Secret(id, "S2")));
}

TEST_F(PgStoreTest, TwoNodesRacingOneStepAcceptItOnce) {
  const int64_t id = NewAccount("a@example.com");
  ASSERT_NO_FATAL_FAILURE(Enrol(id));
  auto second = OpenStore();  // A second node on the same database.
  ASSERT_NE(second, nullptr);
  constexpr int kThreads = 8;
  constexpr int kRounds = 10;
  for (int64_t step = 100; step < 100 + kRounds; ++step) {
    std::atomic<int> accepted{0}, rejected{0};
    std::barrier start(kThreads);
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i) {
      threads.emplace_back([&, i] {
        PostgresStore& node = i % 2 == 0 ? *store_ : *second;
        start.arrive_and_wait();
        auto r = node.CheckTotp(Check(id, /*login=*/true, step));
        if (r && r->accepted) ++accepted;
        if (r && !r->accepted) ++rejected;
      });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(accepted, 1) << "step " << step;
    EXPECT_EQ(rejected, kThreads - 1) << "step " << step;
  }
  EXPECT_EQ(store_->FindTotp(id)->value().last_step, 100 + kRounds - 1);
}

TEST_F(PgStoreTest, TwoNodesRacingOneRecoveryCodeUseItOnce) {
  const int64_t id = NewAccount("a@example.com");
  ASSERT_NO_FATAL_FAILURE(Enrol(id));
  auto second = OpenStore();
  ASSERT_NE(second, nullptr);
  constexpr int kThreads = 8;
  for (const char* code : {"R1", "R2", "R3"}) {
    std::atomic<int> accepted{0}, rejected{0};
    std::set<int> left;
    std::mutex left_mu;
    std::barrier start(kThreads);
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i) {
      threads.emplace_back([&, i] {
        PostgresStore& node = i % 2 == 0 ? *store_ : *second;
        TotpCheck c = Check(id, /*login=*/true, std::nullopt);
        c.recovery_hash = code;
        start.arrive_and_wait();
        auto r = node.CheckTotp(c);
        if (r && r->accepted) {
          ++accepted;
          std::lock_guard lock(left_mu);
          left.insert(r->recovery_codes_left);
        }
        if (r && !r->accepted) ++rejected;
      });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(accepted, 1) << code;
    EXPECT_EQ(rejected, kThreads - 1) << code;
  }
  EXPECT_EQ(Count("SELECT count(*) FROM recovery_codes"), 0);
}

TEST_F(PgStoreTest, MigrationsAreIdempotentAndSafeToRunConcurrently) {
  EXPECT_EQ(Count("SELECT count(*) FROM schema_version"), PostgresSchemaVersion());
  const int64_t id = NewAccount("a@example.com");
  auto again = OpenStore();  // Nothing left to apply; data untouched.
  ASSERT_NE(again, nullptr);
  EXPECT_EQ(Count("SELECT count(*) FROM schema_version"), PostgresSchemaVersion());
  EXPECT_EQ(again->FindAccount(id)->value().email, "a@example.com");

  // Two nodes starting together on an empty database: both open, the schema is applied once.
  store_.reset();
  again.reset();
  conninfo_ = server_->CreateDatabase(dbname_ + "_fresh");
  ASSERT_FALSE(conninfo_.empty());
  constexpr int kNodes = 4;
  std::vector<std::unique_ptr<PostgresStore>> nodes(kNodes);
  std::vector<std::string> errors(kNodes);
  std::barrier start(kNodes);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < kNodes; ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      auto opened = PostgresStore::Open(PostgresOptions{conninfo_, 2});
      if (opened) nodes[i] = std::move(*opened);
      else errors[i] = opened.error().ToString();
    });
  }
  for (auto& t : threads) t.join();
  for (size_t i = 0; i < kNodes; ++i) EXPECT_NE(nodes[i], nullptr) << errors[i];
  EXPECT_EQ(Count("SELECT count(*) FROM schema_version"), PostgresSchemaVersion());
  EXPECT_EQ(Count("SELECT max(version) FROM schema_version"), PostgresSchemaVersion());
}

TEST_F(PgStoreTest, RefusesASchemaNewerThanTheProgram) {
  ASSERT_TRUE(server_->Sql(dbname_, "INSERT INTO schema_version(version) VALUES(" +
                                        std::to_string(PostgresSchemaVersion() + 1) + ")"));
  auto opened = PostgresStore::Open(PostgresOptions{conninfo_, 1});
  ASSERT_FALSE(opened.has_value());
  EXPECT_EQ(opened.error().code, ErrorCode::kInvalidArgument) << opened.error().ToString();
}

TEST_F(PgStoreTest, UnreachableServerIsAnIoError) {
  // Port 1 on loopback: nothing listens there, the connection is refused at once.
  auto opened = PostgresStore::Open(PostgresOptions{"host=127.0.0.1 port=1 dbname=x connect_timeout=2", 1});
  ASSERT_FALSE(opened.has_value());
  EXPECT_EQ(opened.error().code, ErrorCode::kIo) << opened.error().ToString();
}

TEST_F(PgStoreTest, ConnInfoSettingsWinOverTheDefaults) {
  auto setting = [](const std::string& conninfo) -> std::string {
    auto conn = PgConn::Connect(conninfo);
    if (!conn) return "connect: " + conn.error().ToString();
    auto rows = (*conn)->Exec("SELECT current_setting('application_name'), current_database()");
    if (!rows) return "select: " + rows.error().ToString();
    return rows->Text(0, 0) + " " + rows->Text(0, 1);
  };
  EXPECT_EQ(setting(conninfo_), "kakunind " + dbname_);
  EXPECT_EQ(setting(conninfo_ + " application_name=node2"), "node2 " + dbname_);
  // The URI form works as well.
  EXPECT_EQ(setting("postgresql://postgres@127.0.0.1:" + std::to_string(server_->port()) + "/" + dbname_),
            "kakunind " + dbname_);
}

TEST_F(PgStoreTest, TextWithNulIsRefusedNotCutShort) {
  Account a;
  a.email = std::string("a@example.com\0b", 15);
  a.language = "en";
  auto id = store_->CreateAccount(a);
  ASSERT_FALSE(id.has_value());
  EXPECT_EQ(id.error().code, ErrorCode::kInvalidArgument);
  EXPECT_FALSE(store_->FindAccountByEmail("a@example.com")->has_value());
}

TEST_F(PgStoreTest, SerialisationFailuresAreRetriedThenReported) {
  auto pool = PgPool::Open(conninfo_, 1);
  ASSERT_TRUE(pool.has_value()) << pool.error().ToString();
  const std::string raise = "DO $$ BEGIN RAISE EXCEPTION 'conflict' USING ERRCODE = '";
  // Fails once with 40001 and once with 40P01, then succeeds: the caller sees one success.
  int runs = 0;
  auto value = (*pool)->Transaction<int>([&](PgConn& conn) -> Result<int> {
    ++runs;
    if (runs <= 2) {
      auto failed = conn.Exec(raise + (runs == 1 ? "40001" : "40P01") + "'; END $$");
      if (!failed) return tl::unexpected(failed.error());
    }
    auto one = conn.Exec("SELECT $1::int + 1", {41});
    if (!one) return tl::unexpected(one.error());
    auto n = one->Int(0, 0);
    if (!n) return tl::unexpected(n.error());
    return static_cast<int>(*n);
  });
  ASSERT_TRUE(value.has_value()) << value.error().ToString();
  EXPECT_EQ(*value, 42);
  EXPECT_EQ(runs, 3);

  // Always failing: retried kMaxTransactionRetries times, then the server's message comes back.
  runs = 0;
  auto failed = (*pool)->Run([&](PgConn& conn) -> Result<void> {
    ++runs;
    auto r = conn.Exec(raise + "40001'; END $$");
    if (!r) return tl::unexpected(r.error());
    return {};
  });
  ASSERT_FALSE(failed.has_value());
  EXPECT_EQ(failed.error().code, ErrorCode::kInternal);
  EXPECT_NE(failed.error().message.find("conflict"), std::string::npos) << failed.error().message;
  EXPECT_EQ(runs, kMaxTransactionRetries + 1);

  // Other errors are not retried, and the work of a failed body is rolled back.
  runs = 0;
  auto bad = (*pool)->Run([&](PgConn& conn) -> Result<void> {
    ++runs;
    auto made = conn.Exec("CREATE TABLE scratch(x int)");
    if (!made) return tl::unexpected(made.error());
    auto r = conn.Exec("SELECT no_such_column FROM scratch");
    if (!r) return tl::unexpected(r.error());
    return {};
  });
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(runs, 1);
  EXPECT_EQ(Count("SELECT count(*) FROM pg_tables WHERE tablename = 'scratch'"), 0);
}

TEST_F(PgStoreTest, RecoversAfterAServerRestart) {
  const int64_t id = NewAccount("a@example.com");
  ASSERT_NO_FATAL_FAILURE(Enrol(id));
  // Open every pooled connection, so all of them are stale after the restart.
  {
    std::vector<std::thread> threads;
    for (int i = 0; i < 4; ++i) threads.emplace_back([&] { EXPECT_TRUE(store_->FindAccount(id).has_value()); });
    for (auto& t : threads) t.join();
  }
  // Single-connection nodes: their first call after the restart surely meets the cut connection,
  // one in a transaction (CheckTotp), one a plain read (FindAccount).
  auto writer = OpenStore(1);
  auto reader = OpenStore(1);
  ASSERT_NE(writer, nullptr);
  ASSERT_NE(reader, nullptr);
  ASSERT_TRUE(server_->Restart()) << server_->error();
  auto checked = writer->CheckTotp(Check(id, /*login=*/true, 19));
  ASSERT_TRUE(checked.has_value()) << checked.error().ToString();
  EXPECT_TRUE(checked->accepted);
  auto read = reader->FindAccount(id);
  ASSERT_TRUE(read.has_value()) << read.error().ToString();
  EXPECT_TRUE(read->has_value());
  // Each call may meet a connection the restart cut; it is reset and the call goes through.
  for (int i = 0; i < 8; ++i) {
    auto found = store_->FindAccount(id);
    ASSERT_TRUE(found.has_value()) << "call " << i << ": " << found.error().ToString();
    EXPECT_EQ((*found)->email, "a@example.com");
  }
  EXPECT_TRUE(store_->CheckTotp(Check(id, /*login=*/true, 20))->accepted);

  // While the server is down a call fails with kIo (never a silent success); once it is back the
  // next call works.
  ASSERT_TRUE(server_->Stop());
  auto down = store_->CheckTotp(Check(id, /*login=*/true, 21));
  ASSERT_FALSE(down.has_value());
  EXPECT_EQ(down.error().code, ErrorCode::kIo) << down.error().ToString();
  ASSERT_TRUE(server_->Start()) << server_->error();
  auto back = store_->CheckTotp(Check(id, /*login=*/true, 21));
  ASSERT_TRUE(back.has_value()) << back.error().ToString();
  EXPECT_TRUE(back->accepted);
  EXPECT_EQ(store_->FindTotp(id)->value().last_step, 21);  // Committed before and after the restart.
}

}  // namespace
}  // namespace kakunin::store::internal
