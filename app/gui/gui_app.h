#pragma once
// The whole program behind rackplan-gui's main(): options, the database, the window or a
// screenshot. Exit codes: 0 fine, 1 a runtime error, 2 a usage error.
namespace rackplan::gui {

int run_gui(int argc, char** argv);

// Drops Qt warnings that tell a user nothing (what the offscreen platform cannot do, a
// defaulted XDG_RUNTIME_DIR); every other message is written as Qt's default handler would.
void install_message_filter();

// Registers the icons compiled into rackplan-gui-lib (the static library would drop them).
void init_resources();

}  // namespace rackplan::gui
