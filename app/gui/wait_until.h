#pragma once
// Runs the event loop until `done()` holds or `timeout_ms` passes (background runs report
// through queued signals, so a caller that waits must keep the loop turning). True when done.
#include <functional>

namespace rackplan::gui {

bool wait_until(const std::function<bool()>& done, int timeout_ms);

}  // namespace rackplan::gui
