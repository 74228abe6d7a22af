#include "wait_until.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>

namespace rackplan::gui {

bool wait_until(const std::function<bool()>& done, int timeout_ms) {
    if (done()) return true;
    QElapsedTimer clock;
    clock.start();
    QEventLoop loop;
    QTimer poll;
    poll.setInterval(5);
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (done() || clock.elapsed() > timeout_ms) loop.quit();
    });
    poll.start();
    loop.exec();
    return done();
}

}  // namespace rackplan::gui
