// rackplan-gui: the desktop application. Everything lives in rackplan-gui-lib.
#include "gui_app.h"

int main(int argc, char** argv) { return rackplan::gui::run_gui(argc, argv); }
