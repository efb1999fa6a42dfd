#include "cli.h"

#include <iostream>

namespace kakunin::cli {

int Run(int argc, char** argv) {
  CLI::App app{"kakunin: is this e-mail genuine, what triggered it, and what to do now"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "kakunin 0.1.0");
  int exit_code = kExitOk;
  RegisterInspect(app, &exit_code);
  RegisterAlias(app, &exit_code);
  RegisterBreach(app, &exit_code);
  RegisterPassword(app, &exit_code);
  RegisterDkim(app, &exit_code);
  RegisterSpf(app, &exit_code);
  RegisterArc(app, &exit_code);
  RegisterUrl(app, &exit_code);
  RegisterDns(app, &exit_code);
  RegisterExplain(app, &exit_code);
  RegisterScan(app, &exit_code);
  RegisterSms(app, &exit_code);
  RegisterWeb(app, &exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitError;
  } catch (const Fatal& e) {
    std::cerr << "kakunin: " << e.what() << "\n";
    return kExitError;
  }
  return exit_code;
}

}  // namespace kakunin::cli
