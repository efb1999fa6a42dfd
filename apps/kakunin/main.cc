#include "cli.h"

int main(int argc, char** argv) { return kakunin::cli::Run(argc, argv); }
