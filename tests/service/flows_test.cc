// Every flow of kakunin::service, transport-free, over SQLite.
#include <fstream>

#include "kakunin/breach.h"
#include "service/counting_store.h"
#include "service_fixture.h"

namespace kakunin::service {
namespace {

TEST_F(ServiceTest, SignupVerifyLoginLogout) {
  Reply r = service_->Signup(client_, "Alice@Example.COM", kStrongPassword);
  ASSERT_EQ(r.outcome, Outcome::kAccepted);
  const std::string flow = r.body.value("flow_id", "");
  ASSERT_EQ(flow.size(), 22u);
  auto mail = LastMail("alice@example.com");
  const std::string code = mail.Code();
  ASSERT_EQ(code.size(), 6u) << mail.text;
  EXPECT_NE(mail.text.find("create a kakunin account"), std::string::npos);
  EXPECT_NE(mail.text.find("never asks for your password"), std::string::npos);
  // Login before verification: there is no account yet.
  EXPECT_EQ(service_->Login(client_, "alice@example.com", kStrongPassword).outcome, Outcome::kUnauthorized);
  Reply v = service_->VerifyEmail(client_, "alice@example.com", flow, code.substr(0, 3) + " " + code.substr(3));
  ASSERT_EQ(v.outcome, Outcome::kOk) << v.error;
  EXPECT_EQ(v.session_token.size(), 43u);
  // Single use.
  EXPECT_EQ(service_->VerifyEmail(client_, "alice@example.com", flow, code).error, "invalid_code");
  Reply login = service_->Login(client_, "ALICE@example.com", kStrongPassword);
  ASSERT_EQ(login.outcome, Outcome::kOk);
  EXPECT_EQ(login.body["status"], "signed_in");
  auto session = service_->Authenticate(login.session_token);
  ASSERT_TRUE(session.has_value());
  EXPECT_EQ(service_->Me(*session).body["email"], "alice@example.com");
  EXPECT_EQ(service_->ListSessions(*session).body["sessions"].size(), 2u);
  Reply out = service_->Logout(client_, *session);
  EXPECT_TRUE(out.clear_session);
  EXPECT_FALSE(service_->Authenticate(login.session_token).has_value());
  EXPECT_TRUE(service_->Authenticate(v.session_token).has_value());
}

TEST_F(ServiceTest, SignupForAnExistingAddressAnswersAlikeAndSendsANotice) {
  CreateAccount("bob@example.com");
  Reply fresh = service_->Signup(client_, "carol@example.com", kStrongPassword);
  Reply existing = service_->Signup(client_, "bob@example.com", kStrongPassword);
  EXPECT_EQ(fresh.outcome, existing.outcome);
  // Alike but for the random flow id, which both carry.
  EXPECT_EQ(fresh.body.value("flow_id", "").size(), existing.body.value("flow_id", "").size());
  fresh.body.erase("flow_id");
  existing.body.erase("flow_id");
  EXPECT_EQ(fresh.body, existing.body);
  auto notice = LastMail("bob@example.com");
  EXPECT_NE(notice.text.find("already has one"), std::string::npos);
  EXPECT_EQ(notice.Code(), "");
}

TEST_F(ServiceTest, PasswordRules) {
  EXPECT_EQ(service_->Signup(client_, "a@example.com", "short").error, "password_too_short");
  EXPECT_EQ(service_->Signup(client_, "a@example.com", "password").error, "password_too_weak");
  EXPECT_EQ(service_->Signup(client_, "a@example.com", "aaaaaaaaaaaa").error, "password_too_weak");
  EXPECT_EQ(service_->Signup(client_, "a@example.com", std::string(200, 'x') + "Q1!").error, "password_too_long");
  EXPECT_EQ(service_->Signup(client_, "a@example.com", "\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8").error, "password_not_utf8");
  EXPECT_EQ(service_->Signup(client_, "not-an-address", kStrongPassword).error, "invalid_email");
  // Japanese passphrases count characters, not bytes.
  EXPECT_EQ(service_->Signup(client_, "a@example.com", "\xe3\x81\x82\xe3\x81\x84\xe3\x81\x86").error, "password_too_short");
}

TEST_F(ServiceTest, FiveWrongTriesKillACode) {
  const std::string flow = service_->Signup(client_, "d@example.com", kStrongPassword).body["flow_id"];
  const std::string code = LastMail("d@example.com").Code();
  const std::string wrong = code == "000000" ? "111111" : "000000";
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(service_->VerifyEmail(client_, "d@example.com", flow, wrong).error, "invalid_code");
  }
  EXPECT_EQ(service_->VerifyEmail(client_, "d@example.com", flow, code).error, "invalid_code");
}

TEST_F(ServiceTest, CodeExpiresAfterTenMinutes) {
  const std::string flow = service_->Signup(client_, "e@example.com", kStrongPassword).body["flow_id"];
  const std::string code = LastMail("e@example.com").Code();
  now_ += 600;
  EXPECT_EQ(service_->VerifyEmail(client_, "e@example.com", flow, code).error, "invalid_code");
}

TEST_F(ServiceTest, ResendRotatesTheCodeAndIsRateLimited) {
  const std::string flow = service_->Signup(client_, "f@example.com", kStrongPassword).body["flow_id"];
  const std::string first = LastMail("f@example.com").Code();
  Reply soon = service_->ResendVerification(client_, "f@example.com", flow);
  EXPECT_EQ(soon.outcome, Outcome::kRateLimited);
  EXPECT_EQ(soon.retry_after, 60);
  now_ += 60;
  ASSERT_EQ(service_->ResendVerification(client_, "f@example.com", flow).outcome, Outcome::kAccepted);
  const std::string second = LastMail("f@example.com").Code();
  if (first != second) {
    EXPECT_EQ(service_->VerifyEmail(client_, "f@example.com", flow, first).error, "invalid_code");
  }
  EXPECT_EQ(service_->VerifyEmail(client_, "f@example.com", flow, second).outcome, Outcome::kOk);
  // Five per hour per address: 1 signup + 1 resend + 3 more, then 429 until the hour is over.
  for (int i = 0; i < 3; ++i) {
    now_ += 60;
    EXPECT_EQ(service_->ResendVerification(client_, "f@example.com", flow).outcome, Outcome::kAccepted);
  }
  now_ += 60;
  Reply hourly = service_->ResendVerification(client_, "f@example.com", flow);
  EXPECT_EQ(hourly.outcome, Outcome::kRateLimited);
  EXPECT_GT(hourly.retry_after, 60);
}

TEST_F(ServiceTest, ResendLimitPerClientIp) {
  Client attacker{"198.51.100.7", "x", ""};
  int accepted = 0, limited = 0;
  for (int i = 0; i < 40; ++i) {
    Reply r = service_->RequestPasswordReset(attacker, "victim" + std::to_string(i) + "@example.com");
    (r.outcome == Outcome::kAccepted ? accepted : limited)++;
  }
  EXPECT_EQ(accepted, options_.resend.ip_per_hour);
  EXPECT_EQ(limited, 40 - options_.resend.ip_per_hour);
  // Another client is not affected.
  EXPECT_EQ(service_->RequestPasswordReset(client_, "victim0@example.com").outcome, Outcome::kRateLimited);
  EXPECT_EQ(service_->RequestPasswordReset(client_, "other@example.com").outcome, Outcome::kAccepted);
}

TEST_F(ServiceTest, PasswordResetFlow) {
  std::string token = CreateAccount("g@example.com");
  ASSERT_EQ(service_->RequestPasswordReset(client_, "g@example.com").outcome, Outcome::kAccepted);
  auto mail = LastMail("g@example.com");
  EXPECT_NE(mail.text.find("reset the password"), std::string::npos);
  const std::string code = mail.Code();
  ASSERT_FALSE(code.empty());
  EXPECT_EQ(service_->ConfirmPasswordReset(client_, "g@example.com", code, "weak").error, "password_too_short");
  Reply ok = service_->ConfirmPasswordReset(client_, "g@example.com", code, "a new long passphrase for g");
  ASSERT_EQ(ok.outcome, Outcome::kOk) << ok.error;
  EXPECT_FALSE(service_->Authenticate(token).has_value());  // Every session ended.
  EXPECT_NE(LastMail("g@example.com").text.find("password of your kakunin account was reset"), std::string::npos);
  EXPECT_EQ(service_->Login(client_, "g@example.com", kStrongPassword).outcome, Outcome::kUnauthorized);
  // No session is left, so this sign-in is from a new client: an alert follows.
  EXPECT_EQ(service_->Login(client_, "g@example.com", "a new long passphrase for g").outcome, Outcome::kOk);
  EXPECT_NE(LastMail("g@example.com").text.find("signed in to from a browser or network"), std::string::npos);
  EXPECT_EQ(service_->ConfirmPasswordReset(client_, "g@example.com", code, "another long passphrase g").error,
            "invalid_code");
}

TEST_F(ServiceTest, TwoStepByMailAndSms) {
  std::string token = CreateAccount("h@example.com");
  auto session = service_->Authenticate(token);
  ASSERT_TRUE(session.has_value());
  EXPECT_EQ(service_->SetTwoStep(client_, *session, "email", "", "wrong password").outcome, Outcome::kUnauthorized);
  ASSERT_EQ(service_->SetTwoStep(client_, *session, "email", "", kStrongPassword).outcome, Outcome::kOk);
  Reply login = service_->Login(client_, "h@example.com", kStrongPassword);
  ASSERT_EQ(login.body["status"], "code_required");
  EXPECT_TRUE(login.session_token.empty());
  const std::string flow = login.body["flow_id"];
  const std::string code = LastMail("h@example.com").Code();
  EXPECT_EQ(service_->LoginCode(client_, flow + "x", code).error, "invalid_code");  // Bound to the flow.
  Reply second = service_->LoginCode(client_, flow, code);
  // The wrong flow id above cost one try but the code is still alive.
  ASSERT_EQ(second.outcome, Outcome::kOk) << second.error;
  EXPECT_FALSE(second.session_token.empty());

  now_ += 61;
  EXPECT_EQ(service_->SetTwoStep(client_, *session, "sms", "090-1234", kStrongPassword).error, "invalid_phone");
  ASSERT_EQ(service_->SetTwoStep(client_, *session, "sms", "+819012345678", kStrongPassword).outcome,
            Outcome::kAccepted);
  // Not on before the phone proves it gets our SMS.
  EXPECT_EQ(service_->Me(*session).body["two_step"], "email");
  const std::string phone_code = LastSms("+819012345678").Code();
  ASSERT_EQ(phone_code.size(), 6u);
  EXPECT_EQ(service_->ConfirmPhone(client_, *session, phone_code == "000000" ? "111111" : "000000").error,
            "invalid_code");
  ASSERT_EQ(service_->ConfirmPhone(client_, *session, phone_code).outcome, Outcome::kOk);
  EXPECT_EQ(service_->Me(*session).body["two_step"], "sms");
  now_ += 61;
  Reply sms_login = service_->Login(client_, "h@example.com", kStrongPassword);
  ASSERT_EQ(sms_login.body["channel"], "sms");
  auto sms = LastSms("+819012345678");
  const std::string sms_code = sms.Code();
  ASSERT_EQ(sms_code.size(), 6u) << sms.raw;
  EXPECT_EQ(service_->LoginCode(client_, sms_login.body["flow_id"].get<std::string>(), sms_code).outcome, Outcome::kOk);
}

TEST_F(ServiceTest, ChangeEmailVerifiesTheNewAddressAndNotifiesTheOld) {
  std::string token = CreateAccount("old@example.com");
  auto session = *service_->Authenticate(token);
  ASSERT_EQ(service_->RequestEmailChange(client_, session, "new@example.com", kStrongPassword).outcome,
            Outcome::kAccepted);
  const std::string code = LastMail("new@example.com").Code();
  ASSERT_FALSE(code.empty());
  EXPECT_NE(LastMail("old@example.com").text.find("new@example.com"), std::string::npos);
  Reply done = service_->ConfirmEmailChange(client_, session, code);
  ASSERT_EQ(done.outcome, Outcome::kOk) << done.error;
  EXPECT_EQ(service_->Me(session).body["email"], "new@example.com");
  EXPECT_NE(LastMail("old@example.com").text.find("was changed to new@example.com"), std::string::npos);
  EXPECT_EQ(service_->Login(client_, "new@example.com", kStrongPassword).outcome, Outcome::kOk);
  // Changing to an address that has an account answers alike and sends no code.
  CreateAccount("taken@example.com");
  const size_t before = MailCount();
  now_ += 61;
  EXPECT_EQ(service_->RequestEmailChange(client_, session, "taken@example.com", kStrongPassword).outcome,
            Outcome::kAccepted);
  EXPECT_EQ(MailCount(), before);
}

// A store write that fails after the code was accepted (on several nodes: PostgreSQL gone for a
// moment) must not cost the user the flow: the code goes back, and the same code finishes it
// once, after the store is back.
TEST_F(ServiceTest, AFailedStepAfterAnAcceptedCodeKeepsTheCode) {
  auto counting = std::make_shared<kakunin::testing::CountingStore>(store_);
  auto created = Service::Create(options_, counting, [this] { return now_.load(); });
  ASSERT_TRUE(created.has_value());
  Service& service = **created;

  Reply signup = service.Signup(client_, "p@example.com", kStrongPassword);
  ASSERT_EQ(signup.outcome, Outcome::kAccepted);
  const std::string flow = signup.body.value("flow_id", "");
  const std::string signup_code = LastMail("p@example.com").Code();
  counting->FailNext("CreateAccount");
  EXPECT_EQ(service.VerifyEmail(client_, "p@example.com", flow, signup_code).outcome, Outcome::kInternal);
  Reply verified = service.VerifyEmail(client_, "p@example.com", flow, signup_code);
  ASSERT_EQ(verified.outcome, Outcome::kOk) << verified.error;
  EXPECT_EQ(service.VerifyEmail(client_, "p@example.com", flow, signup_code).error, "invalid_code");
  now_ += 61;

  ASSERT_EQ(service.RequestPasswordReset(client_, "p@example.com").outcome, Outcome::kAccepted);
  const std::string reset_code = LastMail("p@example.com").Code();
  const std::string new_password = "a new long passphrase for p";
  for (const char* step : {"SetPasswordHash", "DeleteSessions"}) {
    counting->FailNext(step);
    EXPECT_EQ(service.ConfirmPasswordReset(client_, "p@example.com", reset_code, new_password).outcome,
              Outcome::kInternal)
        << step;
  }
  Reply reset = service.ConfirmPasswordReset(client_, "p@example.com", reset_code, new_password);
  ASSERT_EQ(reset.outcome, Outcome::kOk) << reset.error;
  EXPECT_FALSE(service.Authenticate(verified.session_token).has_value());  // Every session ended.
  EXPECT_EQ(service.ConfirmPasswordReset(client_, "p@example.com", reset_code, new_password).error, "invalid_code");
  now_ += 61;

  Reply login = service.Login(client_, "p@example.com", new_password);
  ASSERT_EQ(login.outcome, Outcome::kOk) << login.error;
  auto session = service.Authenticate(login.session_token);
  ASSERT_TRUE(session.has_value());
  ASSERT_EQ(service.RequestEmailChange(client_, *session, "q@example.com", new_password).outcome,
            Outcome::kAccepted);
  const std::string change_code = LastMail("q@example.com").Code();
  counting->FailNext("SetEmail");
  EXPECT_EQ(service.ConfirmEmailChange(client_, *session, change_code).outcome, Outcome::kInternal);
  EXPECT_EQ(service.Me(*session).body["email"], "p@example.com");
  Reply changed = service.ConfirmEmailChange(client_, *session, change_code);
  ASSERT_EQ(changed.outcome, Outcome::kOk) << changed.error;
  EXPECT_EQ(service.Me(*session).body["email"], "q@example.com");
  EXPECT_EQ(service.ConfirmEmailChange(client_, *session, change_code).error, "invalid_code");
}

TEST_F(ServiceTest, SessionsCanBeListedAndRevoked) {
  std::string first = CreateAccount("s@example.com");
  Reply second = service_->Login(client_, "s@example.com", kStrongPassword);
  auto s1 = *service_->Authenticate(first);
  auto list = service_->ListSessions(s1).body["sessions"];
  ASSERT_EQ(list.size(), 2u);
  std::string other_id;
  for (const auto& s : list) {
    if (!s["current"].get<bool>()) other_id = s["id"];
  }
  EXPECT_EQ(service_->RevokeSession(client_, s1, "nope").outcome, Outcome::kNotFound);
  EXPECT_EQ(service_->RevokeSession(client_, s1, other_id).outcome, Outcome::kOk);
  EXPECT_FALSE(service_->Authenticate(second.session_token).has_value());
  now_ += options_.session_ttl_seconds;
  EXPECT_FALSE(service_->Authenticate(first).has_value());
}

TEST_F(ServiceTest, WrongPasswordsLockTheAccountAndUnknownAddressesAlike) {
  CreateAccount("lock@example.com");
  for (const std::string email : {"lock@example.com", "ghost@example.com"}) {
    for (int i = 0; i < options_.login.account_failures; ++i) {
      Reply r = service_->Login(client_, email, "wrong password " + std::to_string(i));
      EXPECT_EQ(r.outcome, Outcome::kUnauthorized);
      EXPECT_EQ(r.body, (nlohmann::json{{"error", "invalid_credentials"}}));
    }
    Reply locked = service_->Login(client_, email, kStrongPassword);
    EXPECT_EQ(locked.outcome, Outcome::kRateLimited) << email;
    EXPECT_EQ(locked.error, "locked");
    EXPECT_GT(locked.retry_after, 0);
  }
  // After the window and the lock, the right password works again.
  now_ += options_.login.account_window_seconds + options_.login.lock_base_seconds;
  EXPECT_EQ(service_->Login(client_, "lock@example.com", kStrongPassword).outcome, Outcome::kOk);
}

TEST_F(ServiceTest, PerIpSignInBudget) {
  ServiceOptions o = TestOptions(dir_);
  o.login.ip_failures = 15;
  Open(o);
  Client sprayer{"203.0.113.9", "x", ""};
  int refused = 0;
  for (int i = 0; i < 20; ++i) {
    if (service_->Login(sprayer, "user" + std::to_string(i) + "@example.com", "guess").outcome == Outcome::kRateLimited) {
      ++refused;
    }
  }
  EXPECT_EQ(refused, 5);
}

TEST_F(ServiceTest, QueuedMailSurvivesARestartAndIsDeliveredOnce) {
  ASSERT_EQ(service_->Signup(client_, "q@example.com", kStrongPassword).outcome, Outcome::kAccepted);
  // No delivery before the "crash": the mail is only in the queue.
  Open(options_);
  EXPECT_EQ(*service_->DeliverPending(), 1);
  EXPECT_EQ(*service_->DeliverPending(), 0);
  EXPECT_EQ(kakunin::testing::ReadOutbox(dir_ + "/outbox").size(), 1u);
  // The outbox is a proper Maildir and nothing is left in tmp/.
  EXPECT_TRUE(std::filesystem::is_empty(dir_ + "/outbox/tmp"));
  EXPECT_TRUE(std::filesystem::exists(dir_ + "/outbox/cur"));
}

TEST_F(ServiceTest, NoSecretInTheDatabaseOrTheAuditLog) {
  const std::string flow = service_->Signup(client_, "t@example.com", kStrongPassword).body["flow_id"];
  const std::string code = LastMail("t@example.com").Code();
  ASSERT_EQ(service_->Signup(client_, "u@example.com", kStrongPassword).outcome, Outcome::kAccepted);
  // u's code is still queued (not delivered) and must be sealed in the database.
  Reply v = service_->VerifyEmail(client_, "t@example.com", flow, code);
  ASSERT_EQ(v.outcome, Outcome::kOk);
  (void)service_->Login(client_, "t@example.com", "a wrong password here");
  const std::string stored = kakunin::testing::Slurp(dir_ + "/kakunind.db") +
                             kakunin::testing::Slurp(dir_ + "/kakunind.db-wal");
  const std::string audit = kakunin::testing::Slurp(dir_ + "/audit.jsonl");
  ASSERT_FALSE(audit.empty());
  for (const std::string& secret : {code, std::string(kStrongPassword), v.session_token,
                                    std::string("a wrong password here")}) {
    EXPECT_EQ(stored.find(secret), std::string::npos) << "database holds " << secret;
    EXPECT_EQ(audit.find(secret), std::string::npos) << "audit log holds " << secret;
  }
  ASSERT_EQ(*service_->DeliverPending(), 1);
  const std::string u_code = kakunin::testing::LastTo(dir_ + "/outbox", "u@example.com").Code();
  EXPECT_EQ(stored.find("\"code\":\"" + u_code), std::string::npos);
  // Every audit line is one JSON object with a time and an event.
  std::istringstream lines(audit);
  std::string line;
  while (std::getline(lines, line)) {
    auto j = nlohmann::json::parse(line);
    EXPECT_TRUE(j.contains("time") && j.contains("event")) << line;
  }
}

TEST_F(ServiceTest, JapaneseMailsByAccountOrRequestLanguage) {
  Client ja{"192.0.2.1", "x", "ja"};
  const std::string flow = service_->Signup(ja, "jp@example.com", kStrongPassword).body["flow_id"];
  auto mail = LastMail("jp@example.com");
  EXPECT_NE(mail.raw.find("Subject: =?UTF-8?B?"), std::string::npos);
  EXPECT_NE(mail.text.find("\xe7\xa2\xba\xe8\xaa\x8d\xe3\x82\xb3\xe3\x83\xbc\xe3\x83\x89"), std::string::npos);  // 確認コード
  EXPECT_NE(mail.raw.find("Content-Type: text/html; charset=UTF-8"), std::string::npos);
  EXPECT_NE(mail.raw.find("Content-Language: ja"), std::string::npos);
  ASSERT_EQ(service_->VerifyEmail(ja, "jp@example.com", flow, mail.Code()).outcome, Outcome::kOk);
  // The account remembers its language for later mails.
  now_ += 61;
  ASSERT_EQ(service_->RequestPasswordReset(client_, "jp@example.com").outcome, Outcome::kAccepted);
  EXPECT_NE(LastMail("jp@example.com").raw.find("Content-Language: ja"), std::string::npos);
}

TEST_F(ServiceTest, HealthReportsTheQueue) {
  ASSERT_EQ(service_->Signup(client_, "hq@example.com", kStrongPassword).outcome, Outcome::kAccepted);
  EXPECT_EQ(service_->Health().body["queued_messages"], 1);
  EXPECT_EQ(*service_->DeliverPending(), 1);
  EXPECT_EQ(service_->Health().body["queued_messages"], 0);
}

}  // namespace
}  // namespace kakunin::service

namespace kakunin::service {
namespace {

TEST_F(ServiceTest, BreachedPasswordsAreRefusedWhenADatabaseIsConfigured) {
  const std::string breached_password = "Tr0ub4dor&3 horse staple";
  ServiceOptions o = TestOptions(dir_);
  o.passwords.breach_database = WriteBreachDatabase(dir_, breached_password);
  Open(o);
  EXPECT_EQ(service_->Signup(client_, "b1@example.com", breached_password).error, "password_breached");
  EXPECT_EQ(service_->Signup(client_, "b2@example.com", kStrongPassword).outcome, Outcome::kAccepted);
  // A missing database is a start-up error, not a silent "no check".
  o.passwords.breach_database = dir_ + "/missing.db";
  EXPECT_FALSE(Service::Create(o, store_).has_value());
}

}  // namespace
}  // namespace kakunin::service
